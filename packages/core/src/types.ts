/**
 * Public types of `@foundation-telemetry/core`: the event bus, spans and trace context.
 * Metric types live in `./metrics/types.ts`.
 */
import type {
  EventMeasurements,
  EventMetadata,
  EventName,
  EventSelector,
  MetricName,
  SpanName,
} from '@foundation-telemetry/taxonomy'
import type { Clock } from './clock.ts'
import type { TelemetryError } from './errors.ts'
import type { AttachedEvents, EventHandler, HandlerArgs2, HandlerArgs3, SpanMetadata } from './eventTypes.ts'
import type { LogInput, LogLevel, LogProcessor, TraceFields } from './logs.ts'
import type { Metrics } from './metrics/types.ts'

/** Numeric measurements of one event. Durations are milliseconds (float). */
export type Measurements = Record<string, number>

/** Event metadata: a plain object with snake_case keys (`trace_id`, `agent_id`, ...). */
export type Metadata = Record<string, unknown>

/**
 * A handler, called synchronously as `handler(event, measurements, metadata, config)`.
 * `config` is the value given to {@link Telemetry.attach}.
 */
export type Handler<TConfig = unknown> = (
  event: string,
  measurements: Measurements,
  metadata: Metadata,
  config: TConfig,
) => void

/**
 * A pre-resolved event from {@link Telemetry.event}: `execute` behaves exactly like
 * `t.execute(name, ...)` (same handlers in the same order, prefix patterns, failure isolation,
 * enrichment, bad-input reporting), but the handler list is looked up only after a handler was
 * attached or detached, so an event nobody listens to costs about a property check.
 */
export interface TelemetryEvent<TName extends string = string> {
  readonly name: TName
  /** Dispatch this event to its handlers, synchronously, in attach order. Never throws. */
  execute(measurements?: EventMeasurements<TName>, metadata?: EventMetadata<TName>): void
  /** Whether any handler would receive this event now. */
  hasHandlers(): boolean
}

/** Options for {@link Telemetry.attach}. */
export interface AttachOptions {
  /**
   * A durable handler stays attached when it throws: each failure is counted and reported
   * (`telemetry.handler.failure` with `durable: true`) instead of detaching it.
   * Defaults to `false`, the `:telemetry` behaviour.
   */
  durable?: boolean
  /**
   * Sampled delivery: the handler receives only the events the instance's event sampler keeps
   * (`createTelemetry({ sampler })` with a sampler that decides events, or `eventSampler`), each
   * with an `adjusted_count` measurement (1/p, the number of events it stands for). Other
   * handlers, metrics included, still see every event. Without an event sampler every event is
   * delivered with `adjusted_count: 1`. A config object carrying `sampled: true` opts in the same
   * way. Sampled handlers of one event run together, where the first of them was attached, and
   * share one decision. Defaults to `false`.
   */
  sampled?: boolean
  /**
   * Whether this handler receives enriched metadata (`service`, `layer`, `environment`, `host`,
   * `pid`, the active span's `trace_id`/`span_id`, `correlation_id`; see `createTelemetry`'s
   * `enrich`). `false` hands the handler the caller's metadata object itself, as given; `true`
   * enriches for this handler even on an instance created with `enrich: false`. An event is
   * enriched at most once, and only when at least one of its handlers takes enriched metadata,
   * so a hot event whose handlers all opt out pays nothing for enrichment. Sampled handlers of
   * one event share one metadata object: enriched when any of them takes enriched metadata.
   * Defaults to the instance's `enrich` option.
   */
  enrich?: boolean
}

/** One row of {@link Telemetry.listHandlers}: one handler on one event name or prefix pattern. */
export interface HandlerInfo {
  /** The id given to `attach`. */
  id: string
  /** The exact event name, or a prefix pattern such as `foundation.circuit_breaker.*`. */
  eventName: string
  // biome-ignore lint/suspicious/noExplicitAny: one list holds handlers of every config type
  handler: Handler<any>
  config: unknown
  durable: boolean
  /** How many times this handler has thrown (only durable handlers can count above 1). */
  failures: number
}

/** W3C trace flags: bit 0 is `sampled`. */
export const TraceFlags = { NONE: 0, SAMPLED: 1 } as const

/**
 * The identity of a span, the same shape as OpenTelemetry's `SpanContext`. The object a span
 * returns from `spanContext()` is shared and must not be modified (as in OpenTelemetry).
 */
export interface SpanContext {
  /** 32 lower-case hex characters (16 bytes), never all zero. */
  traceId: string
  /** 16 lower-case hex characters (8 bytes), never all zero. */
  spanId: string
  /** W3C trace flags; `1` means sampled. */
  traceFlags: number
  /** The raw W3C `tracestate` header value, if any. */
  traceState?: string
  /** True when this context came from another process via {@link Telemetry.extract}. */
  isRemote?: boolean
}

/** Span kinds, numbered as in `@opentelemetry/api`. */
export const SpanKind = { INTERNAL: 0, SERVER: 1, CLIENT: 2, PRODUCER: 3, CONSUMER: 4 } as const
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind]

/** Span status codes, numbered as in `@opentelemetry/api` and OTLP. */
export const SpanStatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const
export type SpanStatusCode = (typeof SpanStatusCode)[keyof typeof SpanStatusCode]

export interface SpanStatus {
  code: SpanStatusCode
  message?: string
}

/** Attribute values, as in OpenTelemetry: primitives or homogeneous arrays of them. */
export type AttributeValue = string | number | boolean | string[] | number[] | boolean[]
export type Attributes = Record<string, AttributeValue | undefined>

export interface SpanEvent {
  name: string
  /** Epoch milliseconds (float). */
  time: number
  attributes: Attributes
}

export interface SpanLink {
  context: SpanContext
  attributes?: Attributes
}

/** A live span. Every method is safe to call after `end()` (it then does nothing). */
export interface Span {
  readonly name: string
  spanContext(): SpanContext
  setAttribute(key: string, value: AttributeValue): this
  setAttributes(attributes: Attributes): this
  addEvent(name: string, attributes?: Attributes, time?: number): this
  addLink(link: SpanLink): this
  setStatus(status: SpanStatus): this
  recordException(error: unknown, time?: number): this
  updateName(name: string): this
  /** Ends the span; `endTime` is epoch milliseconds and defaults to now. Idempotent. */
  end(endTime?: number): void
  isRecording(): boolean
}

/**
 * What a span processor receives when a span ends: an immutable record of it. Immutable by
 * contract, not by `Object.freeze` (freezing cost more than the rest of a span): the record shares
 * the ended span's attributes, events and links, which the span never changes again, so
 * processors and exporters must not modify it; copy what you want to change.
 */
export interface ReadableSpan {
  readonly name: string
  readonly kind: SpanKind
  readonly spanContext: SpanContext
  /** Absent for a root span. */
  readonly parentSpanId?: string
  /** Epoch milliseconds (float). */
  readonly startTime: number
  /** Epoch milliseconds (float). */
  readonly endTime: number
  /** Milliseconds (float), from the monotonic clock. */
  readonly duration: number
  readonly attributes: Readonly<Attributes>
  readonly events: readonly SpanEvent[]
  readonly links: readonly SpanLink[]
  readonly status: SpanStatus
  /** Resource attributes of the telemetry instance (`service.name`, ...). */
  readonly resource: Readonly<Attributes>
  /** The instrumentation scope; `@foundation-telemetry/core` unless the span said otherwise. */
  readonly instrumentationScope: { name: string; version?: string }
  readonly droppedAttributesCount: number
  readonly droppedEventsCount: number
  readonly droppedLinksCount: number
}

/** Receives spans as they start and end: exporters and the sampler plug in here. */
export interface SpanProcessor {
  onStart(span: Span, parent: SpanContext | undefined): void
  onEnd(span: ReadableSpan): void
  forceFlush(): Promise<void>
  shutdown(): Promise<void>
}

/** Options of {@link Telemetry.span}. */
export interface SpanOptions {
  /** The span's kind (`SpanKind.SERVER`, `SpanKind.CLIENT`, ...). Defaults to `INTERNAL`. */
  kind?: SpanKind
}

export interface StartSpanOptions {
  kind?: SpanKind
  attributes?: Attributes
  links?: SpanLink[]
  /** Epoch milliseconds. Defaults to now. */
  startTime?: number
  /**
   * The parent: a span, a span context (such as one from `extract`), or `null` for a new root.
   * Defaults to the active span.
   */
  parent?: Span | SpanContext | null
}

/** A sampling decision for a new span (the sampler package implements this). */
export interface SpanSampler {
  shouldSample(input: {
    traceId: string
    name: string
    kind: SpanKind
    attributes: Attributes
    parent: SpanContext | undefined
  }): { sampled: boolean; attributes?: Attributes; traceState?: string }
  /** An event sampler that comes with this trace sampler; used for sampled delivery when set. */
  readonly events?: EventSampler
}

/**
 * Decides which events reach handlers attached with `sampled: true` (the sampler package
 * implements this). Called once per event that has sampled handlers, with the metadata they
 * receive (enriched when any of them takes enriched metadata).
 */
export interface EventSampler {
  /**
   * `0` to withhold the event from sampled handlers, else its adjusted count (1/p, at least 1).
   * Must not throw; a throw is reported and the event withheld.
   */
  sampleEvent(event: string, measurements: Measurements, metadata: Metadata): number
  /**
   * Called once by each telemetry instance that uses this sampler, when the instance is created.
   * Returns a function the instance calls on shutdown.
   */
  connect?(link: EventSamplerLink): () => void
}

/** What a telemetry instance hands its event sampler. */
export interface EventSamplerLink {
  readonly telemetry: Telemetry
  /**
   * Deliver an event to the instance's sampled handlers only, with `adjusted_count` set: for
   * samples decided later than the event (a reservoir's sample at the end of its interval).
   */
  deliverSampled(event: string, measurements: Measurements, metadata: Metadata, adjustedCount: number): void
}

/** Something that carries propagation headers: a plain object, `Headers`, or a `Map`. */
export type Carrier =
  | Record<string, string | string[] | undefined>
  | { get(name: string): string | null | undefined; set(name: string, value: string): void }

/** Redaction settings, applied before data leaves the process. */
export interface RedactOptions {
  /** Metadata/attribute keys whose values are replaced, matched case-insensitively. */
  keys?: Array<string | RegExp>
  /** Extra value patterns, on top of the built-in email, bearer token, API key and card number ones. */
  patterns?: RegExp[]
  /** Turn off the built-in value patterns. Defaults to `true` (on). */
  builtinPatterns?: boolean
  /** The replacement text. Defaults to `[REDACTED]`. */
  replacement?: string
}

/** Options for {@link createTelemetry}. */
export interface TelemetryOptions {
  /** `service.name`. Defaults to `OTEL_SERVICE_NAME`, else `unknown_service:node`. */
  service?: string
  /** The layer this instance reports for: `foundation`, `foundation_jido`, `dspex`, or your own. */
  layer?: string
  /** `deployment.environment`. Defaults to `NODE_ENV`, else `development`. */
  environment?: string
  /** Extra resource attributes; `OTEL_RESOURCE_ATTRIBUTES` is merged underneath. */
  resource?: Attributes
  /** Decides which new traces are sampled. Defaults to sampling every trace. */
  sampler?: SpanSampler
  /**
   * Decides events for handlers attached with `sampled: true`. Defaults to the `sampler`'s
   * `events`, else every event is delivered with `adjusted_count: 1`.
   */
  eventSampler?: EventSampler
  /** Redaction rules, or `false` to turn redaction off. Defaults to the built-in patterns. */
  redact?: RedactOptions | false
  /** Called once per problem telemetry detects (bad input, handler failure, dropped data). */
  onError?: (error: TelemetryError) => void
  /** The clock for timestamps, durations and windows. Defaults to the system clock. */
  clock?: Clock
  /**
   * Add service/layer/environment/host/pid and trace ids to event metadata. Defaults to `true`.
   * Each handler can choose otherwise with the `enrich` attach option.
   */
  enrich?: boolean
}

/** Counts of problems telemetry absorbed instead of throwing, by error code. */
export type TelemetryStats = Readonly<Record<string, number>>

/** One isolated telemetry instance. */
export interface Telemetry {
  /** The options this instance was created with, after defaults. */
  readonly service: string
  readonly layer: string | undefined
  readonly environment: string
  readonly clock: Clock
  readonly resource: Readonly<Attributes>

  /** Dispatch an event to its handlers, synchronously, in attach order. Never throws. */
  execute<TName extends EventName>(
    event: TName,
    measurements?: EventMeasurements<TName>,
    metadata?: EventMetadata<TName>,
  ): void
  /**
   * A handle for one event name, for code that emits it often: the handler list is resolved once
   * and kept until the next attach or detach, so `handle.execute()` skips the name lookup.
   * Handlers attached or detached later are seen by the next `execute`. Handles are shared per
   * name. An invalid name gives a handle whose first `execute` reports it and that does nothing.
   *
   * @example
   * const completed = t.event('foundation.task.complete')
   * completed.execute({ duration: 12.5 }, { task_id: 't-1' })
   */
  event<TName extends EventName>(name: TName): TelemetryEvent<TName>
  /**
   * Attach a handler to one event name, a list, or a prefix pattern (`'foundation.circuit_breaker.*'`).
   * Returns a function that detaches it. An id already attached is reported and the old handler kept.
   * For taxonomy names and patterns the handler's `measurements` and `metadata` are typed, and
   * checking `event` narrows them; other names give plain records.
   */
  attach<const TEvents extends EventSelector | readonly EventSelector[], TConfig = unknown>(
    id: string,
    events: TEvents,
    handler: EventHandler<AttachedEvents<TEvents>, TConfig>,
    config?: TConfig,
    options?: AttachOptions,
  ): () => void
  attach<const TEvents extends EventSelector | readonly EventSelector[], TConfig = unknown>(
    id: string,
    events: TEvents,
    handler: (...args: HandlerArgs3<AttachedEvents<TEvents>>) => void,
    config?: TConfig,
    options?: AttachOptions,
  ): () => void
  attach<const TEvents extends EventSelector | readonly EventSelector[], TConfig = unknown>(
    id: string,
    events: TEvents,
    handler: (...args: HandlerArgs2<AttachedEvents<TEvents>>) => void,
    config?: TConfig,
    options?: AttachOptions,
  ): () => void
  /** Any handler of fewer arguments, or one typed for every event (`Handler`). */
  attach<const TEvents extends EventSelector | readonly EventSelector[], TConfig = unknown>(
    id: string,
    events: TEvents,
    handler: (
      event: AttachedEvents<TEvents>,
      measurements: EventMeasurements<AttachedEvents<TEvents>>,
      metadata: EventMetadata<AttachedEvents<TEvents>>,
      config: TConfig,
    ) => void,
    config?: TConfig,
    options?: AttachOptions,
  ): () => void
  /** The untyped form: any names, a {@link Handler} of plain records. */
  attach<TConfig = unknown>(
    id: string,
    events: string | readonly string[],
    handler: Handler<TConfig>,
    config?: TConfig,
    options?: AttachOptions,
  ): () => void
  /** Detach a handler by id. Returns whether one was attached. */
  detach(id: string): boolean
  /** Handlers whose event name (or pattern) starts with `prefix`; all when omitted. */
  listHandlers(prefix?: string): HandlerInfo[]
  /** Whether any handler would receive `event` (cheap: one map lookup). */
  hasHandlers(event: string): boolean

  /**
   * Run `fn` inside a span: emits `${event}.start`, then `${event}.stop` (measurements
   * `duration` ms and `monotonic_time`) or `${event}.exception` (and rethrows the error unchanged).
   * Works with sync and async functions; returns what `fn` returns. `options.kind` sets the
   * span's kind (`SpanKind.CLIENT` for a call out, ...).
   */
  span<TName extends SpanName, TResult>(
    event: TName,
    metadata: SpanMetadata<TName> | undefined,
    fn: (span: Span) => TResult,
    options?: SpanOptions,
  ): TResult
  /** Start a span by hand; end it with `span.end()`. `options.kind` says SERVER, CLIENT, ... */
  startSpan(name: SpanName, options?: StartSpanOptions): Span
  /** The active span in the current async context, if any. */
  activeSpan(): Span | undefined
  /** Run `fn` with `context` (a span or span context, e.g. from `extract`) active. */
  withContext<TResult>(context: Span | SpanContext | undefined, fn: () => TResult): TResult
  /** Write `traceparent` (and `tracestate`) for the active span, or `span`, into `carrier`. */
  inject<TCarrier extends Carrier>(carrier: TCarrier, span?: Span | SpanContext): TCarrier
  /** Read a remote span context from `carrier`. Malformed headers give `undefined` and are counted. */
  extract(carrier: Carrier): SpanContext | undefined
  addSpanProcessor(processor: SpanProcessor): () => void
  /**
   * Whether spans started now would reach a span processor (one is registered). Instrumentation
   * may skip making spans that nothing would record, as OpenTelemetry's API does without an SDK.
   */
  recordsSpans(): boolean

  /** Metric instruments, the metric store and rolling windows. */
  readonly metrics: Metrics
  /** Record `value` on the instrument the taxonomy defines for `name` (created on first use). */
  recordMetric(name: MetricName, value: number, tags?: Record<string, unknown>): void

  /**
   * Write a log record at `level`, stamped with the active trace and span ids and the correlation
   * ID, to every log processor (e.g. the OTLP logs exporter). Costs nothing without one.
   */
  log(level: LogLevel, message: string, attributes?: Attributes): void
  /** Hand a record from a logging library (pino, winston) to the log processors. */
  emitLog(record: LogInput): void
  /** Add a log processor; returns a function that removes it. */
  addLogProcessor(processor: LogProcessor): () => void
  /** The active trace ids and correlation ID, as log bridges add them to their own records. */
  traceFields(): TraceFields
  /** Run `fn` with `id` as the correlation ID of everything it does (events, logs, outgoing calls). */
  withCorrelationId<TResult>(id: string, fn: () => TResult): TResult
  /** The correlation ID of the current async context, if any. */
  correlationId(): string | undefined

  /** Redact a value (metadata, attributes, a string) with this instance's rules. */
  redact<TValue>(value: TValue): TValue
  /** Report a problem through the error hook, the `telemetry.*` event and the counters. */
  reportError(error: TelemetryError): void
  /** Counts of absorbed problems by error code. */
  stats(): TelemetryStats

  /**
   * Flush every span and log processor (and the exporters behind them). Push metric exporters
   * are not flushed: they keep their own schedule; call their `forceFlush()` to send metrics now.
   */
  forceFlush(): Promise<void>
  /** Flush and shut down every span and log processor; stops runtime metrics. Idempotent. */
  shutdown(): Promise<void>
}
