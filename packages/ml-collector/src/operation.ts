import {
  type Attributes,
  addExceptionKeys,
  failSpan,
  type Measurements,
  type Metadata,
  type Span,
  SpanKind,
  type StartSpanOptions,
  type Telemetry,
  type TelemetryEvent,
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
  /**
   * End successfully: `.stop` with `duration`, `monotonic_time` and `measurements`, the start
   * metadata with `metadata` added. Once only.
   */
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

/** The `.start`, `.stop` and `.exception` events of one operation name, as handles resolved once. */
export interface OperationEvents {
  readonly name: string
  readonly start: TelemetryEvent
  readonly stop: TelemetryEvent
  readonly exception: TelemetryEvent
}

/**
 * The event handles of operation `event` on `t`: an adapter that starts many operations of one
 * name resolves them once instead of building and looking up the three names on every call.
 */
export function operationEvents(t: Telemetry, event: string): OperationEvents {
  return {
    name: event,
    start: t.event(`${event}.start`),
    stop: t.event(`${event}.stop`),
    exception: t.event(`${event}.exception`),
  }
}

/** `metadata` with `extra`'s keys added (`extra` wins); `metadata` itself when it is not shared. */
function withKeys(metadata: Metadata, shared: boolean, extra: Metadata): Metadata {
  const out = shared ? { ...metadata } : metadata
  for (const key in extra) out[key] = extra[key]
  return out
}

class EventOperation implements Operation {
  readonly span: Span
  ended = false
  private readonly t: Telemetry
  private readonly events: OperationEvents
  private readonly metadata: Metadata
  private readonly started: number
  /** Whether `.start` handed `metadata` to handlers (who may keep it): the end events then copy it. */
  private readonly shared: boolean

  constructor(t: Telemetry, events: OperationEvents, metadata: Metadata, options: OperationOptions) {
    this.t = t
    this.events = events
    const now = t.clock.monotonic()
    const started = options.startedAt !== undefined && options.startedAt <= now ? options.startedAt : now
    this.started = started
    const parent = options.parent
    const spanOptions: StartSpanOptions = { kind: options.kind ?? SpanKind.INTERNAL }
    if (options.attributes !== undefined) spanOptions.attributes = options.attributes
    if (parent !== undefined) spanOptions.parent = parent
    if (started !== now) spanOptions.startTime = t.clock.now() - (now - started)
    this.span = t.startSpan(options.name ?? events.name, spanOptions)
    const context = this.span.spanContext()
    const md = metadata
    md.trace_id = context.traceId
    md.span_id = context.spanId
    if (parent !== undefined) md.parent_span_id = parent.spanContext().spanId
    this.metadata = md
    this.shared = events.start.hasHandlers()
    if (this.shared)
      events.start.execute({ monotonic_time: started, system_time: t.clock.now() }, md as never)
  }

  end(measurements: Measurements = {}, metadata?: Metadata): void {
    if (this.ended) return
    this.ended = true
    const stop = this.events.stop
    if (stop.hasHandlers()) {
      const now = this.t.clock.monotonic()
      measurements.duration = now - this.started
      measurements.monotonic_time = now
      const md = metadata === undefined ? this.metadata : withKeys(this.metadata, this.shared, metadata)
      stop.execute(measurements as never, md as never)
    }
    this.span.end()
  }

  fail(error: unknown, errorType?: string, measurements: Measurements = {}, metadata?: Metadata): void {
    if (this.ended) return
    this.ended = true
    const now = this.t.clock.monotonic()
    const details = failSpan(this.span, error)
    const type = errorType ?? details.kind
    this.span.setAttribute(genAiAttributeNames.error_type, type)
    const exception = this.events.exception
    if (exception.hasHandlers()) {
      measurements.duration = now - this.started
      measurements.monotonic_time = now
      const md = withKeys(this.metadata, this.shared, metadata ?? {})
      md.error_type = type
      exception.execute(measurements as never, addExceptionKeys(md, details, error) as never)
    }
    this.span.end()
  }
}

/**
 * Start an operation: its span and its `.start` event. `events` is the operation's name or its
 * handles from {@link operationEvents}. The operation owns `metadata` (it adds the span's ids and
 * hands it to the events), and `end` and `fail` own the measurements object they are given (they
 * add `duration` and `monotonic_time` to it): pass objects made for the call.
 */
export function startOperation(
  t: Telemetry,
  events: string | OperationEvents,
  metadata: Metadata,
  options: OperationOptions = {},
): Operation {
  return new EventOperation(
    t,
    typeof events === 'string' ? operationEvents(t, events) : events,
    metadata,
    options,
  )
}
