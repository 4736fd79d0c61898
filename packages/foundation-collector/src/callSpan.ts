/**
 * Span-shaped taxonomy events for adapters: what `t.span` emits (`.start`, then `.stop` or
 * `.exception`, with `duration`, `monotonic_time` and the trace ids), for operations whose start
 * and end arrive as separate library events rather than as one function call. Durations are
 * measured on the telemetry's clock.
 */
import type { Metadata, Span, SpanContext, Telemetry } from '@foundation-telemetry/core'
import { addExceptionKeys, addTraceIds, failSpan } from '@foundation-telemetry/core'

/** The three event names of one span-shaped operation. */
export interface SpanNames {
  readonly name: string
  readonly start: string
  readonly stop: string
  readonly exception: string
}

/** The event names `t.span(name, ...)` would emit. */
export function spanNames(name: string): SpanNames {
  return { name, start: `${name}.start`, stop: `${name}.stop`, exception: `${name}.exception` }
}

/** The monotonic reading a span of ours started at, when it exposes one (core's spans do). */
function startReading(t: Telemetry, span: Span): number {
  const reading = (span as { startMonotonic?: unknown }).startMonotonic
  return typeof reading === 'number' ? reading : t.clock.monotonic()
}

/**
 * One operation in flight. The metadata with trace ids is built on first read: an operation
 * whose events nobody listens to never builds it.
 */
export class LiveCall {
  readonly span: Span
  /** Monotonic ms at the start (the span's own start reading). */
  readonly started: number
  /** Set once the operation has ended, so late library events are ignored. */
  ended = false
  private readonly base: Metadata
  private withIds: Metadata | undefined = undefined

  constructor(t: Telemetry, span: Span, base: Metadata) {
    this.span = span
    this.started = startReading(t, span)
    this.base = base
  }

  /** The metadata every event of this operation repeats, trace ids included. */
  get metadata(): Metadata {
    if (this.withIds === undefined) this.withIds = addTraceIds({ ...this.base }, this.span)
    return this.withIds
  }
}

/**
 * Start `names.name` as a span (child of `parent`, else of the active span) and emit its
 * `.start` event, unless `emitStart` is false (the caller emits it when the library says so).
 */
export function startCall(
  t: Telemetry,
  names: SpanNames,
  metadata: Metadata,
  parent?: Span | SpanContext | null,
  emitStart = true,
): LiveCall {
  const span = t.startSpan(names.name, parent === undefined ? undefined : { parent })
  const call = new LiveCall(t, span, metadata)
  if (emitStart) emitCallStart(t, names, call)
  return call
}

/** Emit `call`'s `.start` event. */
export function emitCallStart(t: Telemetry, names: SpanNames, call: LiveCall): void {
  if (t.hasHandlers(names.start)) {
    t.execute(names.start, { monotonic_time: call.started, system_time: wallTime(t, call) }, call.metadata)
  }
}

/** The wall time `call` started at: the span's own, else the clock's now. */
function wallTime(t: Telemetry, call: LiveCall): number {
  const start = (call.span as { startTime?: unknown }).startTime
  return typeof start === 'number' ? start : t.clock.now()
}

/** End `call` successfully: the `.stop` event with `extra` metadata. */
export function stopCall(t: Telemetry, names: SpanNames, call: LiveCall, extra?: Metadata): void {
  if (call.ended) return
  call.ended = true
  const now = t.clock.monotonic()
  if (t.hasHandlers(names.stop)) {
    const metadata = extra === undefined ? call.metadata : { ...call.metadata, ...extra }
    t.execute(names.stop, { duration: now - call.started, monotonic_time: now }, metadata)
  }
  call.span.end()
}

/** End `call` with `error`: the `.exception` event, the span's status and exception. */
export function failCall(
  t: Telemetry,
  names: SpanNames,
  call: LiveCall,
  error: unknown,
  extra?: Metadata,
): void {
  if (call.ended) return
  call.ended = true
  const now = t.clock.monotonic()
  const details = failSpan(call.span, error)
  if (t.hasHandlers(names.exception)) {
    const metadata = addExceptionKeys({ ...call.metadata, ...extra }, details, error)
    t.execute(names.exception, { duration: now - call.started, monotonic_time: now }, metadata)
  }
  call.span.end()
}

/**
 * An operation a library reports only when it has ended, with its duration: a span dated back by
 * `duration` (child of the active span) and its `.stop` or `.exception` event.
 */
export function endedCall(
  t: Telemetry,
  names: SpanNames,
  duration: number,
  metadata: Metadata,
  error?: { error: unknown },
): void {
  const d = typeof duration === 'number' && Number.isFinite(duration) && duration >= 0 ? duration : 0
  const endTime = t.clock.now()
  const span = t.startSpan(names.name, { startTime: endTime - d })
  const now = t.clock.monotonic()
  const meta = addTraceIds({ ...metadata }, span)
  if (error === undefined) {
    if (t.hasHandlers(names.stop)) t.execute(names.stop, { duration: d, monotonic_time: now }, meta)
  } else {
    const details = failSpan(span, error.error)
    if (t.hasHandlers(names.exception)) {
      t.execute(
        names.exception,
        { duration: d, monotonic_time: now },
        addExceptionKeys(meta, details, error.error),
      )
    }
  }
  // An explicit end time keeps the span's duration the library's, not the few µs spent here.
  span.end(endTime)
}
