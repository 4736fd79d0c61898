import type { Clock } from './clock.ts'
import { invalidInput, type TelemetryError } from './errors.ts'
import { ContextSpan, isAttributeValue } from './span.ts'
import { type SpanEventNames, SpanRun } from './spanRun.ts'
import { isThenable } from './thenable.ts'
import type { Tracer } from './tracer.ts'
import {
  type Attributes,
  type Measurements,
  type Metadata,
  type Span,
  type SpanKind,
  type SpanOptions,
  type StartSpanOptions,
  TraceFlags,
} from './types.ts'

/** What `t.span` needs from its telemetry instance. */
export interface SpanApiDeps {
  clock: Clock
  tracer: Tracer
  hasHandlers(event: string): boolean
  execute(event: string, measurements: Measurements, metadata: Metadata): void
  report(error: TelemetryError): void
}

const MAX_CACHED_NAMES = 1024
const NOOP_SPAN: Span = new ContextSpan({
  traceId: '0'.repeat(32),
  spanId: '0'.repeat(16),
  traceFlags: TraceFlags.NONE,
})

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
    const run = new SpanRun(deps, spanObject, meta, namesOf(event))
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
