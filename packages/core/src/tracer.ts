import type { Clock } from './clock.ts'
import { runWithSpan, storedSpan } from './context.ts'
import { describeError } from './errorDetails.ts'
import { exportFailure, handlerFailure, invalidInput, type TelemetryError } from './errors.ts'
import { newRootContext, newSpanId, newTraceId } from './ids.ts'
import { enterOtelSpan, otelActiveSpan, otelContextManager } from './otelBridge.ts'
import { ContextSpan, SpanImpl, type SpanPipeline } from './span.ts'
import { isSampled, TRACE_FLAGS_MASK, validSpanContext } from './spanContext.ts'
import {
  type Attributes,
  type Span,
  type SpanContext,
  SpanKind,
  type SpanProcessor,
  type SpanSampler,
  type StartSpanOptions,
  TraceFlags,
} from './types.ts'

/** The span side of a telemetry instance. */
export interface Tracer {
  startSpan(name: string, options?: StartSpanOptions): SpanImpl
  /** The active span: ours, or the active OpenTelemetry span seen as a context-only span. */
  activeSpan(): Span | undefined
  /** The active span's context, without allocating for OpenTelemetry spans twice. */
  activeSpanContext(): SpanContext | undefined
  withContext<TResult>(context: Span | SpanContext | undefined, fn: () => TResult): TResult
  /** Run `fn(arg)` with `span` active, in our context and, when registered, OpenTelemetry's. */
  runInSpan<TArg, TResult>(span: Span | undefined, fn: (arg: TArg) => TResult, arg: TArg): TResult
  addSpanProcessor(processor: SpanProcessor): () => void
  /** Whether a span processor is registered. */
  recordsSpans(): boolean
  forceFlush(): Promise<void>
  shutdown(): Promise<void>
}

/** What {@link createTracer} needs from its telemetry instance. */
export interface TracerOptions {
  clock: Clock
  resource: Readonly<Attributes>
  sampler: SpanSampler | undefined
  report: (error: TelemetryError) => void
}

function isSpan(value: unknown): value is Span {
  return typeof value === 'object' && value !== null && typeof (value as Span).spanContext === 'function'
}

const ALWAYS = Object.freeze({ sampled: true })
const NO_OPTIONS: StartSpanOptions = Object.freeze({})
const callFn = <TResult>(fn: () => TResult): TResult => fn()

/** Create the tracer of one telemetry instance. */
export function createTracer(options: TracerOptions): Tracer {
  const { clock, resource, sampler, report } = options
  // Spans read the processor list from here; registration replaces the array, never mutates it.
  const pipeline: SpanPipeline = { clock, resource, processors: [], report }

  const activeSpan = (): Span | undefined => {
    const manager = otelContextManager()
    if (manager !== undefined) {
      const otel = otelActiveSpan(manager)
      if (otel !== undefined) return 'ours' in otel ? otel.ours : new ContextSpan(otel.foreign)
    }
    return storedSpan()
  }

  const activeSpanContext = (): SpanContext | undefined => {
    const manager = otelContextManager()
    if (manager !== undefined) {
      const otel = otelActiveSpan(manager)
      if (otel !== undefined) return 'ours' in otel ? otel.ours.spanContext() : otel.foreign
    }
    return storedSpan()?.spanContext()
  }

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

  const runInSpan = <TArg, TResult>(
    span: Span | undefined,
    fn: (arg: TArg) => TResult,
    arg: TArg,
  ): TResult => {
    const manager = otelContextManager()
    if (manager === undefined) return runWithSpan(span, fn, arg)
    return runWithSpan(span, enterOtelSpan<TArg, TResult>, manager, span, fn, arg)
  }

  return {
    activeSpan,
    activeSpanContext,
    runInSpan,

    startSpan(name, startOptions) {
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
    },

    withContext(context, fn) {
      if (typeof fn !== 'function') {
        report(invalidInput('withContext: fn must be a function', { api: 'withContext' }))
        return undefined as never
      }
      if (context === undefined) return runInSpan(undefined, callFn, fn)
      let span: Span | undefined
      let valid: SpanContext | undefined
      try {
        if (isSpan(context)) span = context
        else valid = validSpanContext(context)
      } catch {
        // A context that cannot be read (a revoked Proxy) is no valid context: reported below.
      }
      if (span !== undefined) return runInSpan(span, callFn, fn)
      if (valid === undefined) {
        report(invalidInput('withContext: not a valid span or span context', { api: 'withContext' }))
        return fn()
      }
      return runInSpan(new ContextSpan(valid), callFn, fn)
    },

    addSpanProcessor(processor) {
      if (typeof processor !== 'object' || processor === null || !hasProcessorMethods(processor)) {
        report(
          invalidInput('addSpanProcessor: a processor needs onStart and onEnd', { api: 'addSpanProcessor' }),
        )
        return () => {}
      }
      pipeline.processors = [...pipeline.processors, processor]
      return () => {
        pipeline.processors = pipeline.processors.filter((p) => p !== processor)
      }
    },

    recordsSpans: () => pipeline.processors.length > 0,

    forceFlush: () => settleAll(pipeline.processors, 'forceFlush', report),
    async shutdown() {
      const current = pipeline.processors
      pipeline.processors = []
      await settleAll(current, 'shutdown', report)
    },
  }
}

async function settleAll(
  processors: readonly SpanProcessor[],
  phase: 'forceFlush' | 'shutdown',
  report: (error: TelemetryError) => void,
): Promise<void> {
  const results = await Promise.allSettled(
    processors.map(async (p) => {
      if (typeof p[phase] === 'function') await p[phase]()
    }),
  )
  for (const result of results) {
    if (result.status === 'rejected') {
      report(
        exportFailure(`span processor failed in ${phase}: ${describeError(result.reason).message}`, {
          exporter: 'span_processor',
          phase,
          error: result.reason,
        }),
      )
    }
  }
}

/** Whether `processor` has onStart and onEnd; a processor whose properties throw has not. */
function hasProcessorMethods(processor: SpanProcessor): boolean {
  try {
    return typeof processor.onStart === 'function' && typeof processor.onEnd === 'function'
  } catch {
    return false
  }
}
