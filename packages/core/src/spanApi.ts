import type { Clock } from './clock.ts'
import { invalidInput, type TelemetryError } from './errors.ts'
import { attributesFrom, ContextSpan } from './span.ts'
import { SpanNameCache } from './spanNameCache.ts'
import { SpanRun } from './spanRun.ts'
import { settleWith } from './thenable.ts'
import { addTraceIds } from './traceIds.ts'
import type { Tracer } from './tracer.ts'
import {
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
  const attributes = attributesFrom(metadata)
  if (kind !== undefined) return attributes === undefined ? { kind } : { attributes, kind }
  return attributes === undefined ? undefined : { attributes }
}

/** `options.kind` of a `t.span` call; options that are not an object or cannot be read give none. */
function spanKindOption(
  options: SpanOptions,
  event: string,
  report: (error: TelemetryError) => void,
): SpanKind | undefined {
  if (typeof options !== 'object' || options === null) return undefined
  try {
    return options.kind
  } catch (error) {
    report(invalidSpanInput('span: options could not be read', event, { error }))
    return undefined
  }
}

/** A diagnostic for bad `t.span` input: every one names the api and the event (and the error, if any). */
function invalidSpanInput(message: string, event: unknown, cause?: { error: unknown }): TelemetryError {
  return invalidInput(message, { api: 'span', event_name: event, ...cause })
}

/**
 * The span's own copy of the caller's metadata (`{}` when it is not an object, reported): the stop
 * event repeats it even if the caller mutates theirs, and a hostile object (throwing getters,
 * proxies) fails here, once, instead of inside the user's span.
 */
export function snapshotMetadata(
  event: string,
  metadata: unknown,
  report: (error: TelemetryError) => void,
): Metadata {
  if (typeof metadata !== 'object') {
    report(invalidSpanInput('span: metadata must be an object', event))
    return {}
  }
  try {
    return { ...(metadata as Metadata) }
  } catch (error) {
    report(invalidSpanInput('span: metadata could not be read', event, { error }))
    return {}
  }
}

/** Build `t.span(event, metadata, fn)`. */
export function createSpanApi(deps: SpanApiDeps) {
  const { clock, tracer, hasHandlers, execute, report } = deps
  const names = new SpanNameCache()

  return function span<TResult>(
    event: string,
    metadata: Metadata | undefined,
    fn: (span: Span) => TResult,
    options?: SpanOptions,
  ): TResult {
    if (typeof fn !== 'function') {
      report(invalidSpanInput('span: fn must be a function', event))
      return undefined as TResult
    }
    if (typeof event !== 'string' || event === '') {
      report(invalidSpanInput('span: event must be a non-empty string', event))
      return fn(NOOP_SPAN)
    }
    // Without metadata, no call: the common `t.span(name, undefined, fn)` stays as cheap as before.
    const meta = metadata === undefined || metadata === null ? {} : snapshotMetadata(event, metadata, report)
    const kind = options === undefined ? undefined : spanKindOption(options, event, report)
    const spanObject = tracer.startSpan(event, toStartOptions(meta, kind))
    const run = new SpanRun(deps, spanObject, meta, names.get(event))
    if (hasHandlers(run.names.start)) {
      execute(
        run.names.start,
        { monotonic_time: run.startMonotonic, system_time: clock.now() },
        addTraceIds({ ...meta }, spanObject),
      )
    }
    let result: TResult
    try {
      result = tracer.runInSpan(spanObject, fn, spanObject)
    } catch (error) {
      run.fail(error)
      throw error
    }
    return settleWith(result, run)
  }
}
