import { activeSpan, activeSpanContext, runInSpan } from './activeSpan.ts'
import type { Clock } from './clock.ts'
import { invalidInput, type TelemetryError } from './errors.ts'
import { ContextSpan, type SpanImpl, type SpanPipeline } from './span.ts'
import { validSpanContext } from './spanContext.ts'
import { createSpanProcessors, type SpanProcessors } from './spanProcessors.ts'
import { createSpanStart, isSpan } from './spanStart.ts'
import type { Attributes, Span, SpanContext, SpanSampler, StartSpanOptions } from './types.ts'

/** The span side of a telemetry instance. */
export interface Tracer extends SpanProcessors {
  startSpan(name: string, options?: StartSpanOptions): SpanImpl
  /** The active span: ours, or the active OpenTelemetry span seen as a context-only span. */
  activeSpan(): Span | undefined
  /** The active span's context, without allocating for OpenTelemetry spans twice. */
  activeSpanContext(): SpanContext | undefined
  withContext<TResult>(context: Span | SpanContext | undefined, fn: () => TResult): TResult
  /** Run `fn(arg)` with `span` active, in our context and, when registered, OpenTelemetry's. */
  runInSpan<TArg, TResult>(span: Span | undefined, fn: (arg: TArg) => TResult, arg: TArg): TResult
}

/** What {@link createTracer} needs from its telemetry instance. */
export interface TracerOptions {
  clock: Clock
  resource: Readonly<Attributes>
  sampler: SpanSampler | undefined
  report: (error: TelemetryError) => void
}

const callFn = <TResult>(fn: () => TResult): TResult => fn()

/** Create the tracer of one telemetry instance. */
export function createTracer(options: TracerOptions): Tracer {
  const { clock, resource, sampler, report } = options
  // Spans read the processor list from here; registration replaces the array, never mutates it.
  const pipeline: SpanPipeline = { clock, resource, processors: [], report }
  return {
    ...createSpanProcessors(pipeline, report),
    activeSpan,
    activeSpanContext,
    runInSpan,
    startSpan: createSpanStart(pipeline, sampler, report),

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
  }
}
