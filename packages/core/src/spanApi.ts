import type { Clock } from './clock.ts'
import { describeError } from './errorDetails.ts'
import { invalidInput, type TelemetryError } from './errors.ts'
import { ContextSpan, isAttributeValue, type SpanImpl } from './span.ts'
import { isThenable } from './thenable.ts'
import type { Tracer } from './tracer.ts'
import type {
  Attributes,
  Measurements,
  Metadata,
  Span,
  SpanKind,
  SpanOptions,
  StartSpanOptions,
} from './types.ts'

/** What `t.span` needs from its telemetry instance. */
export interface SpanApiDeps {
  clock: Clock
  tracer: Tracer
  hasHandlers(event: string): boolean
  execute(event: string, measurements: Measurements, metadata: Metadata): void
  report(error: TelemetryError): void
}

/** The three event names of one span prefix. */
interface SpanEventNames {
  start: string
  stop: string
  exception: string
}

const MAX_CACHED_NAMES = 1024
const NOOP_SPAN: Span = new ContextSpan({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 })

/**
 * Metadata values that are valid span attributes become the span's initial attributes; with none,
 * the span is started without an options object (no allocation).
 */
function toStartOptions(metadata: Metadata, kind: SpanKind | undefined): StartSpanOptions | undefined {
  let attributes: Attributes | undefined
  for (const key in metadata) {
    const value = metadata[key]
    if (isAttributeValue(value)) {
      attributes ??= {}
      attributes[key] = value
    }
  }
  if (kind !== undefined) return attributes === undefined ? { kind } : { attributes, kind }
  return attributes === undefined ? undefined : { attributes }
}

/** Build `t.span(event, metadata, fn)`. */
export function createSpanApi(deps: SpanApiDeps) {
  const { clock, tracer, hasHandlers, execute, report } = deps
  let names = new Map<string, SpanEventNames>()

  const namesOf = (event: string): SpanEventNames => {
    let n = names.get(event)
    if (n === undefined) {
      n = { start: `${event}.start`, stop: `${event}.stop`, exception: `${event}.exception` }
      if (names.size >= MAX_CACHED_NAMES) names = new Map()
      names.set(event, n)
    }
    return n
  }

  /** State of one running `t.span` call, closed over by its completion callbacks. */
  class Run {
    readonly span: SpanImpl
    readonly metadata: Metadata
    readonly names: SpanEventNames
    readonly startMonotonic: number
    /** Set by the first `ok` or `fail`: a thenable may call back twice, or throw after calling back. */
    private settled = false

    constructor(span: SpanImpl, metadata: Metadata, eventNames: SpanEventNames) {
      this.span = span
      this.metadata = metadata
      this.names = eventNames
      // The span's own start reading: one clock read fewer per call (a read costs tens of ns).
      this.startMonotonic = span.startMonotonic
    }

    ok(): void {
      if (this.settled) return
      this.settled = true
      const now = clock.monotonic()
      if (hasHandlers(this.names.stop)) {
        const metadata: Metadata = { ...this.metadata, ...this.span.attributes, ...this.ids() }
        execute(this.names.stop, { duration: now - this.startMonotonic, monotonic_time: now }, metadata)
      }
      this.span.endAt(now)
    }

    fail(error: unknown): void {
      if (this.settled) return
      this.settled = true
      const now = clock.monotonic()
      const details = describeError(error)
      this.span.recordException(error)
      this.span.setStatus({ code: 2, message: details.message })
      if (hasHandlers(this.names.exception)) {
        const metadata: Metadata = {
          ...this.metadata,
          ...this.span.attributes,
          ...this.ids(),
          kind: details.kind,
          reason: details.message,
          stacktrace: details.stacktrace,
          error,
        }
        execute(this.names.exception, { duration: now - this.startMonotonic, monotonic_time: now }, metadata)
      }
      this.span.endAt(now)
    }

    ids(): Metadata {
      const context = this.span.spanContext()
      return this.span.parentSpanId === undefined
        ? { trace_id: context.traceId, span_id: context.spanId }
        : { trace_id: context.traceId, span_id: context.spanId, parent_span_id: this.span.parentSpanId }
    }
  }

  return function span<TResult>(
    event: string,
    metadata: Metadata | undefined,
    fn: (span: Span) => TResult,
    options?: SpanOptions,
  ): TResult {
    if (typeof fn !== 'function') {
      report(
        invalidInput('span: fn must be a function', {
          api: 'span',
          event_name: event,
        }),
      )
      return undefined as TResult
    }
    if (typeof event !== 'string' || event === '') {
      report(
        invalidInput('span: event must be a non-empty string', {
          api: 'span',
          event_name: event,
        }),
      )
      return fn(NOOP_SPAN)
    }
    let meta: Metadata = {}
    if (metadata !== undefined && metadata !== null) {
      if (typeof metadata !== 'object') {
        report(
          invalidInput('span: metadata must be an object', {
            api: 'span',
            event_name: event,
          }),
        )
      } else {
        // A snapshot: the stop event repeats it even if the caller mutates theirs, and a hostile
        // object (throwing getters, proxies) fails here, once, instead of inside the user's span.
        try {
          meta = { ...metadata }
        } catch (error) {
          report(
            invalidInput('span: metadata could not be read', {
              api: 'span',
              event_name: event,
              error,
            }),
          )
        }
      }
    }
    const spanObject = tracer.startSpan(event, toStartOptions(meta, options?.kind))
    const run = new Run(spanObject, meta, namesOf(event))
    if (hasHandlers(run.names.start)) {
      execute(
        run.names.start,
        { monotonic_time: run.startMonotonic, system_time: clock.now() },
        { ...meta, ...run.ids() },
      )
    }
    let result: TResult
    try {
      result = tracer.runInSpan(spanObject, fn, spanObject)
    } catch (error) {
      run.fail(error)
      throw error
    }
    if (isThenable(result)) {
      try {
        return result.then(
          (value) => {
            run.ok()
            return value
          },
          (error: unknown) => {
            run.fail(error)
            throw error
          },
        ) as TResult
      } catch (error) {
        // The result's own `then` threw: the caller gets that error, as from `fn`, and the span ends.
        run.fail(error)
        throw error
      }
    }
    run.ok()
    return result
  }
}
