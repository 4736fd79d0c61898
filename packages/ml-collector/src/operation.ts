import {
  type Attributes,
  describeError,
  type Measurements,
  type Metadata,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type Telemetry,
} from '@foundation-telemetry/core'
import { genAiAttributeNames } from './genAiAttributes.ts'

/**
 * A span-shaped operation whose start and end arrive as separate callbacks (an SDK's telemetry
 * hooks), emitting the same `.start` / `.stop` / `.exception` events and span that `t.span`
 * would, with the adapter's own stop measurements (tokens, chunk timings).
 */
export interface Operation {
  readonly span: Span
  /** Whether `end` or `fail` ran. */
  readonly ended: boolean
  /** End successfully: `.stop` with `duration`, `monotonic_time` and `measurements`. Once only. */
  end(measurements?: Measurements, metadata?: Metadata): void
  /**
   * End with an error: `.exception` with the error's kind and message and `error_type`
   * (the GenAI `error.type`: the error's class name unless given). Once only.
   */
  fail(error: unknown, errorType?: string, measurements?: Measurements, metadata?: Metadata): void
}

/** Where and how the operation's span starts. */
export interface OperationOptions {
  /** The span's name; the event prefix is used when omitted. */
  name?: string
  kind?: SpanKind
  attributes?: Attributes
  /** The parent span; the active span when omitted. */
  parent?: Span | undefined
  /**
   * When the operation began, on the telemetry's monotonic clock, for an operation reported
   * after it started (an optimizer round reported at its end). Defaults to now.
   */
  startedAt?: number
}

class EventOperation implements Operation {
  readonly span: Span
  ended = false
  private readonly t: Telemetry
  private readonly event: string
  private readonly metadata: Metadata
  private readonly started: number

  constructor(t: Telemetry, event: string, metadata: Metadata, options: OperationOptions) {
    this.t = t
    this.event = event
    const now = t.clock.monotonic()
    this.started = options.startedAt !== undefined && options.startedAt <= now ? options.startedAt : now
    this.span = t.startSpan(options.name ?? event, {
      ...(this.started === now ? {} : { startTime: t.clock.now() - (now - this.started) }),
      ...(options.kind === undefined ? {} : { kind: options.kind }),
      ...(options.attributes === undefined ? {} : { attributes: options.attributes }),
      ...(options.parent === undefined ? {} : { parent: options.parent }),
    })
    const context = this.span.spanContext()
    this.metadata = { ...metadata, trace_id: context.traceId, span_id: context.spanId }
    if (options.parent !== undefined) this.metadata.parent_span_id = options.parent.spanContext().spanId
    const start = `${event}.start`
    if (t.hasHandlers(start))
      t.execute(start, { monotonic_time: this.started, system_time: t.clock.now() }, this.metadata)
  }

  end(measurements: Measurements = {}, metadata: Metadata = {}): void {
    if (this.ended) return
    this.ended = true
    const now = this.t.clock.monotonic()
    const stop = `${this.event}.stop`
    if (this.t.hasHandlers(stop))
      this.t.execute(
        stop,
        { ...measurements, duration: now - this.started, monotonic_time: now },
        { ...this.metadata, ...metadata },
      )
    this.span.end()
  }

  fail(error: unknown, errorType?: string, measurements: Measurements = {}, metadata: Metadata = {}): void {
    if (this.ended) return
    this.ended = true
    const now = this.t.clock.monotonic()
    const details = describeError(error)
    const type = errorType ?? details.kind
    this.span.recordException(error)
    this.span.setAttribute(genAiAttributeNames.error_type, type)
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: details.message })
    const exception = `${this.event}.exception`
    if (this.t.hasHandlers(exception))
      this.t.execute(
        exception,
        { ...measurements, duration: now - this.started, monotonic_time: now },
        {
          ...this.metadata,
          ...metadata,
          error_type: type,
          kind: details.kind,
          reason: details.message,
          stacktrace: details.stacktrace,
          error,
        },
      )
    this.span.end()
  }
}

/** Start an operation: its span and its `${event}.start` event. */
export function startOperation(
  t: Telemetry,
  event: string,
  metadata: Metadata,
  options: OperationOptions = {},
): Operation {
  return new EventOperation(t, event, metadata, options)
}
