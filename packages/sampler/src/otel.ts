/**
 * `@foundation-telemetry/sampler/otel`: the sampler as an OpenTelemetry SDK `Sampler`, making the
 * same decisions as `sampler.traces`, so a service running both SDKs keeps the same traces.
 */

import type { Attributes as CoreAttributes, SpanContext } from '@foundation-telemetry/core'
import {
  type Attributes,
  type Context,
  createTraceState,
  type Link,
  type SpanKind,
  type TraceState,
  trace,
} from '@opentelemetry/api'
import type { TraceResult } from './nameState.ts'
import type { Sampler } from './types.ts'

/** OpenTelemetry's `SamplingDecision` values (kept local: the SDK is not a dependency). */
const NOT_RECORD = 0
const RECORD_AND_SAMPLED = 2

/** The result shape of an OpenTelemetry SDK `Sampler.shouldSample`. */
export interface OtelSamplingResult {
  decision: 0 | 1 | 2
  attributes?: Readonly<Attributes>
  traceState?: TraceState
}

/** The OpenTelemetry SDK `Sampler` interface, structurally. */
export interface OtelSampler {
  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): OtelSamplingResult
  toString(): string
}

/**
 * Wrap a sampler as an OpenTelemetry SDK `Sampler` (for `new TracerProvider({ sampler })`):
 * roots are decided by the sampler's rules on the trace id's randomness, with `ot=th:...` in the
 * tracestate of kept traces; children follow their parent, passing `th` on unchanged.
 *
 * @example
 * import { TracerProvider } from '@opentelemetry/sdk-trace'
 * import { toOtelSampler } from '@foundation-telemetry/sampler/otel'
 *
 * const provider = new TracerProvider({ sampler: toOtelSampler(sampler) })
 */
export function toOtelSampler(sampler: Sampler): OtelSampler {
  const make = createTraceState
  // One TraceState object per distinct header value: decisions share a handful of them.
  const cache = new Map<string, TraceState>()
  const traceStateOf = (value: string, parent: TraceState | undefined): TraceState => {
    if (value === '' && parent === undefined) return make('')
    let ts = cache.get(value)
    if (ts === undefined) {
      ts = make(value)
      if (cache.size < 256) cache.set(value, ts)
    }
    return ts
  }
  return {
    shouldSample(context, traceId, spanName, spanKind, attributes) {
      const parentSpan = trace.getSpanContext(context)
      let parent: SpanContext | undefined
      let parentState: TraceState | undefined
      if (parentSpan !== undefined && trace.isSpanContextValid(parentSpan)) {
        parentState = parentSpan.traceState
        parent = {
          traceId: parentSpan.traceId,
          spanId: parentSpan.spanId,
          traceFlags: parentSpan.traceFlags,
        }
        const serialized = parentState?.serialize()
        if (serialized) parent.traceState = serialized
      }
      let result: TraceResult
      try {
        result = sampler.traces.shouldSample({
          traceId,
          name: spanName,
          kind: spanKind as number as 0,
          // OpenTelemetry's attribute values are a superset; the sampler only reads marker keys.
          attributes: (attributes ?? {}) as CoreAttributes,
          parent,
        })
      } catch {
        result = { sampled: true }
      }
      const decision = result.sampled ? RECORD_AND_SAMPLED : NOT_RECORD
      if (result.traceState === undefined) return { decision }
      if (parent === undefined || parentState === undefined) {
        // A root: its own `ot` member (no other members exist yet).
        return { decision, traceState: traceStateOf(result.traceState, undefined) }
      }
      // A child whose parent's threshold was erased: rebuild from the parent's other members.
      return { decision, traceState: make(result.traceState) }
    },
    toString: () => 'FoundationTelemetrySampler',
  }
}
