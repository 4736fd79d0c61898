/**
 * Starting spans: the parent (given, or the active span), the ids, the sampler's decision for a
 * new trace, the span itself and its processors' `onStart`.
 */
import { activeSpanContext } from './activeSpan.ts'
import { describeError } from './errorDetails.ts'
import { handlerFailure, invalidInput, type TelemetryError } from './errors.ts'
import { newRootContext, newSpanId, newTraceId } from './ids.ts'
import { SpanImpl, type SpanPipeline } from './span.ts'
import { isSampled, TRACE_FLAGS_MASK, validSpanContext } from './spanContext.ts'
import {
  type Attributes,
  type Span,
  type SpanContext,
  SpanKind,
  type SpanSampler,
  type StartSpanOptions,
  TraceFlags,
} from './types.ts'

const ALWAYS = Object.freeze({ sampled: true })
const NO_OPTIONS: StartSpanOptions = Object.freeze({})

/** Whether `value` looks like a span (has `spanContext()`). */
export function isSpan(value: unknown): value is Span {
  return typeof value === 'object' && value !== null && typeof (value as Span).spanContext === 'function'
}

/** `startSpan` of one instance: its spans go through `pipeline`; `sampler` decides new traces. */
export function createSpanStart(
  pipeline: SpanPipeline,
  sampler: SpanSampler | undefined,
  report: (error: TelemetryError) => void,
): (name: string, options?: StartSpanOptions) => SpanImpl {
  const parentContext = (parent: StartSpanOptions['parent']): SpanContext | undefined => {
    if (parent === null) return undefined
    if (parent === undefined) return activeSpanContext()
    const context = validSpanContext(isSpan(parent) ? parent.spanContext() : parent)
    if (context === undefined)
      report(invalidInput('startSpan: parent is not a valid span or span context', { api: 'startSpan' }))
    return context
  }

  const decide = (
    sampler: SpanSampler,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
  ): ReturnType<SpanSampler['shouldSample']> => {
    try {
      return sampler.shouldSample({ traceId, name, kind, attributes, parent: undefined })
    } catch (error) {
      report(
        handlerFailure(`sampler failed: ${describeError(error).message}`, {
          handler_id: 'sampler',
          error,
        }),
      )
      return ALWAYS
    }
  }

  const unnamed = (name: unknown): string => {
    report(invalidInput('startSpan: name must be a non-empty string', { api: 'startSpan', span_name: name }))
    return 'unnamed'
  }

  /** Start a span under `parent`; `opts` is never read on the common path (no options given). */
  const start = (
    name: string,
    parent: SpanContext | undefined,
    opts: StartSpanOptions | undefined,
  ): SpanImpl => {
    const kind = opts === undefined ? SpanKind.INTERNAL : ((opts.kind ?? SpanKind.INTERNAL) as SpanKind)
    const given = opts === undefined ? undefined : opts.attributes
    let context: SpanContext
    let decision: ReturnType<SpanSampler['shouldSample']> | undefined
    if (parent !== undefined) {
      context = {
        traceId: parent.traceId,
        spanId: newSpanId(),
        traceFlags: parent.traceFlags & TRACE_FLAGS_MASK,
      }
      if (parent.traceState) context.traceState = parent.traceState
    } else if (sampler === undefined) {
      // No sampler: every trace is sampled, and nothing needs the attributes before the span does.
      context = newRootContext()
    } else {
      const traceId = newTraceId()
      // The sampler gets an object of its own.
      decision = decide(sampler, traceId, name, kind, given ?? {})
      context = {
        traceId,
        spanId: newSpanId(),
        traceFlags: decision.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
      }
      if (decision.traceState) context.traceState = decision.traceState
    }
    const span = new SpanImpl(pipeline, name, context, parent?.spanId, kind, opts?.startTime)
    if (opts !== undefined) {
      if (given !== undefined) span.setAttributes(given)
      if (Array.isArray(opts.links)) for (const link of opts.links) span.addLink(link)
    }
    if (decision?.attributes) span.setAttributes(decision.attributes)
    if (isSampled(context) && pipeline.processors.length > 0) span.notifyStart(parent)
    return span
  }

  return (name, startOptions) => {
    const spanName = typeof name === 'string' && name !== '' ? name : unnamed(name)
    // The common call (a name, no options) skips reading the options object.
    if (startOptions === undefined) return start(spanName, activeSpanContext(), undefined)
    const opts = typeof startOptions === 'object' && startOptions !== null ? startOptions : NO_OPTIONS
    try {
      return start(spanName, parentContext(opts.parent), opts)
    } catch (error) {
      // Options that cannot be read (a throwing Proxy or getter): a span without them.
      report(invalidInput(`startSpan ${spanName}: options could not be read`, { api: 'startSpan', error }))
      return start(spanName, activeSpanContext(), undefined)
    }
  }
}
