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

type SamplingResult = ReturnType<SpanSampler['shouldSample']>

/** The parent a `startSpan` call's `parent` option names: `null` is none, absent is the active span. */
function parentContext(
  parent: StartSpanOptions['parent'],
  report: (error: TelemetryError) => void,
): SpanContext | undefined {
  if (parent === null) return undefined
  if (parent === undefined) return activeSpanContext()
  const context = validSpanContext(isSpan(parent) ? parent.spanContext() : parent)
  if (context === undefined)
    report(invalidInput('startSpan: parent is not a valid span or span context', { api: 'startSpan' }))
  return context
}

/** The sampler's decision for a new trace; a sampler that throws is reported and the trace kept. */
function decide(
  sampler: SpanSampler,
  traceId: string,
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  report: (error: TelemetryError) => void,
): SamplingResult {
  try {
    return sampler.shouldSample({ traceId, name, kind, attributes, parent: undefined })
  } catch (error) {
    report(
      handlerFailure(`sampler failed: ${describeError(error).message}`, { handler_id: 'sampler', error }),
    )
    return ALWAYS
  }
}

/** The name of a span whose given name is not a non-empty string (reported). */
function unnamed(name: unknown, report: (error: TelemetryError) => void): string {
  report(invalidInput('startSpan: name must be a non-empty string', { api: 'startSpan', span_name: name }))
  return 'unnamed'
}

/** The context of a child of `parent`: its trace, a new span id, its sampled flag and trace state. */
export function childContext(parent: SpanContext): SpanContext {
  const context: SpanContext = {
    traceId: parent.traceId,
    spanId: newSpanId(),
    traceFlags: parent.traceFlags & TRACE_FLAGS_MASK,
  }
  if (parent.traceState) context.traceState = parent.traceState
  return context
}

/** The context of a new trace whose sampler decided `decision`. */
export function sampledRootContext(traceId: string, decision: SamplingResult): SpanContext {
  const context: SpanContext = {
    traceId,
    spanId: newSpanId(),
    traceFlags: decision.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
  }
  if (decision.traceState) context.traceState = decision.traceState
  return context
}

/** `startSpan` of one instance: its spans go through `pipeline`; `sampler` decides new traces. */
export function createSpanStart(
  pipeline: SpanPipeline,
  sampler: SpanSampler | undefined,
  report: (error: TelemetryError) => void,
): (name: string, options?: StartSpanOptions) => SpanImpl {
  /** Start a span under `parent`; `opts` is never read on the common path (no options given). */
  const start = (
    name: string,
    parent: SpanContext | undefined,
    opts: StartSpanOptions | undefined,
  ): SpanImpl => {
    const kind = opts === undefined ? SpanKind.INTERNAL : ((opts.kind ?? SpanKind.INTERNAL) as SpanKind)
    const given = opts === undefined ? undefined : opts.attributes
    let context: SpanContext
    let decision: SamplingResult | undefined
    if (parent !== undefined) context = childContext(parent)
    // No sampler: every trace is sampled, and nothing needs the attributes before the span does.
    else if (sampler === undefined) context = newRootContext()
    else {
      const traceId = newTraceId()
      // The sampler gets an object of its own.
      decision = decide(sampler, traceId, name, kind, given ?? {}, report)
      context = sampledRootContext(traceId, decision)
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
    const spanName = typeof name === 'string' && name !== '' ? name : unnamed(name, report)
    // The common call (a name, no options) skips reading the options object.
    if (startOptions === undefined) return start(spanName, activeSpanContext(), undefined)
    const opts = typeof startOptions === 'object' && startOptions !== null ? startOptions : NO_OPTIONS
    try {
      return start(spanName, parentContext(opts.parent, report), opts)
    } catch (error) {
      // Options that cannot be read (a throwing Proxy or getter): a span without them.
      report(invalidInput(`startSpan ${spanName}: options could not be read`, { api: 'startSpan', error }))
      return start(spanName, activeSpanContext(), undefined)
    }
  }
}
