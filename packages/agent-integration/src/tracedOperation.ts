/**
 * An operation whose start and end arrive as separate calls (an auction handle, an adapter's
 * start and end callbacks), traced like `t.span`: a span in the current trace, and events that
 * carry its `trace_id`, `span_id` and `parent_span_id`. `t.span` fits work that is one function
 * call; this fits the rest.
 */
import type { Measurements, Metadata, Span, SpanContext, Telemetry } from '@foundation-telemetry/core'
import {
  addExceptionKeys,
  addTraceIds,
  attributesFrom,
  describeError,
  failSpan,
} from '@foundation-telemetry/core'

/** Options of {@link TracedOperation}. */
export interface TracedOperationOptions {
  /**
   * The parent span: a span, a span context, `null` for a new trace, or undefined for the span
   * active where the operation starts.
   */
  parent?: Span | SpanContext | null | undefined
}

/** See the module comment. */
export class TracedOperation {
  readonly span: Span
  /** `trace_id`, `span_id` and (unless a root) `parent_span_id`, added to every event. */
  readonly ids: Metadata
  /** Metadata every event of the operation repeats (the start's, as `t.span` does). */
  readonly metadata: Metadata
  private readonly t: Telemetry
  private readonly startedAt: number
  private ended = false

  constructor(t: Telemetry, spanName: string, metadata: Metadata, options: TracedOperationOptions = {}) {
    this.t = t
    this.metadata = metadata
    const parent = options.parent === undefined ? (t.activeSpan() ?? null) : options.parent
    this.span = t.startSpan(spanName, { parent, attributes: attributesFrom(metadata) ?? {} })
    this.startedAt = t.clock.monotonic()
    this.ids = addTraceIds({}, this.span)
  }

  /** Whether the operation has not ended yet. */
  get open(): boolean {
    return !this.ended
  }

  /** Milliseconds since the operation started, on the telemetry's clock. */
  elapsed(): number {
    return this.t.clock.monotonic() - this.startedAt
  }

  /** Emit `event` with the operation's metadata, `metadata` and its trace ids (only if anyone listens). */
  emit(event: string, measurements: Measurements = {}, metadata: Metadata = {}): void {
    if (!this.t.hasHandlers(event)) return
    this.t.execute(event, measurements, { ...this.metadata, ...metadata, ...this.ids })
  }

  /** Emit `${name}.start` as `t.span` does. */
  emitStart(name: string): void {
    this.emit(`${name}.start`, { monotonic_time: this.startedAt, system_time: this.t.clock.now() })
  }

  /**
   * End successfully: emit `${name}.${ending}` with `duration` (and `monotonic_time`) and end the
   * span. False, and nothing emitted, when the operation had already ended.
   */
  succeed(
    name: string,
    ending: 'stop' | 'complete',
    measurements: Measurements = {},
    metadata: Metadata = {},
  ): boolean {
    if (this.ended) return false
    const now = this.t.clock.monotonic()
    this.emit(
      `${name}.${ending}`,
      { duration: now - this.startedAt, monotonic_time: now, ...measurements },
      metadata,
    )
    this.end()
    return true
  }

  /**
   * End with `error`: emit `${name}.exception` (`kind`, `reason`, `stacktrace`, `error`) and end
   * the span with an error status. False when the operation had already ended.
   */
  fail(name: string, error: unknown, metadata: Metadata = {}): boolean {
    if (this.ended) return false
    const now = this.t.clock.monotonic()
    this.emit(
      `${name}.exception`,
      { duration: now - this.startedAt, monotonic_time: now },
      addExceptionKeys({ ...metadata }, describeError(error), error),
    )
    this.end(error)
    return true
  }

  /** End the span (with an error status when `error` is given). False when already ended. */
  end(error?: unknown): boolean {
    if (this.ended) return false
    this.ended = true
    if (error !== undefined) failSpan(this.span, error)
    this.span.end()
    return true
  }
}
