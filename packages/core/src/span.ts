import { type Clock, systemClock, systemWallTime, wallTimeAt } from './clock.ts'
import { describeError } from './errorDetails.ts'
import { exportFailure, invalidInput, type TelemetryError } from './errors.ts'
import { setOwn } from './metrics/tagKey.ts'
import { isSampled } from './spanContext.ts'
import { catchRejection, isThenable } from './thenable.ts'
import {
  type Attributes,
  type AttributeValue,
  type ReadableSpan,
  type Span,
  type SpanContext,
  type SpanEvent,
  type SpanKind,
  type SpanLink,
  type SpanProcessor,
  type SpanStatus,
  SpanStatusCode,
} from './types.ts'

/** Attributes kept per span (OpenTelemetry's default); more are counted as dropped. */
export const SPAN_ATTRIBUTE_LIMIT = 128
/** Events kept per span (OpenTelemetry's default); more are counted as dropped. */
export const SPAN_EVENT_LIMIT = 128
/** Links kept per span (OpenTelemetry's default); more are counted as dropped. */
export const SPAN_LINK_LIMIT = 128

/** What a span needs from its telemetry instance. */
export interface SpanPipeline {
  readonly clock: Clock
  readonly resource: Readonly<Attributes>
  /** The processors registered now: an immutable snapshot, replaced when the set changes. */
  processors: readonly SpanProcessor[]
  report(error: TelemetryError): void
}

/** Whether `value` is an OpenTelemetry attribute value: a primitive or a homogeneous array of them. */
export function isAttributeValue(value: unknown): value is AttributeValue {
  const type = typeof value
  if (type === 'string' || type === 'boolean') return true
  if (type === 'number') return true
  if (!Array.isArray(value)) return false
  if (value.length === 0) return true
  const first = typeof value[0]
  if (first !== 'string' && first !== 'number' && first !== 'boolean') return false
  for (let i = 1; i < value.length; i++) if (typeof value[i] !== first) return false
  return true
}

/**
 * The entries of `values` (event metadata, a library's attributes) a span can carry, or `undefined`
 * when there are none: copying them first keeps the rest from being reported as invalid attributes.
 * Never throws: reading stops at the first entry that cannot be read.
 */
export function attributesFrom(values: Readonly<Record<string, unknown>>): Attributes | undefined {
  let attributes: Attributes | undefined
  try {
    for (const key in values) {
      const value = values[key]
      if (isAttributeValue(value)) {
        attributes ??= {}
        attributes[key] = value
      }
    }
  } catch {
    // Values that cannot be read (a throwing getter or Proxy): the ones read so far.
  }
  return attributes
}

const SCOPE = Object.freeze({ name: '@foundation-telemetry/core' })
const NO_ATTRIBUTES: Attributes = Object.freeze({}) as Attributes
const NO_EVENTS = Object.freeze([]) as unknown as SpanEvent[]
const NO_LINKS = Object.freeze([]) as unknown as SpanLink[]
const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET })

/** What a span dropped past its limits: most spans drop nothing, so it is created on the first drop. */
interface DropCounts {
  attributes: number
  events: number
  links: number
}

const NO_DROPS: Readonly<DropCounts> = Object.freeze({ attributes: 0, events: 0, links: 0 })
const newDropCounts = (): DropCounts => ({ attributes: 0, events: 0, links: 0 })

/**
 * The span implementation. It always records (so `t.span` can repeat what `fn` set in its stop
 * metadata); processors see it only when it is sampled.
 */
export class SpanImpl implements Span {
  // Fields are `declare`d and set once in the constructor: a class field initialiser would define
  // each property before the constructor assigns it, two stores per field on every span.
  declare readonly kind: SpanKind
  declare readonly parentSpanId: string | undefined
  /** The monotonic clock reading the span started at (`t.span` measures its events from it). */
  declare readonly startMonotonic: number
  // Shared empty values until the first write: most spans never get attributes, events, links or
  // a status, and each allocation saved is one less object for the collector per span.
  declare attributes: Attributes
  declare events: SpanEvent[]
  declare links: SpanLink[]
  declare status: SpanStatus
  declare ended: boolean
  /** Lazily built view of this span for OpenTelemetry's context (see `otelBridge.ts`). */
  declare otelView: unknown
  declare private spanName: string
  declare private readonly context: SpanContext
  declare private readonly pipeline: SpanPipeline
  declare private attributeCount: number
  declare private dropped: DropCounts | undefined
  /**
   * The start as epoch milliseconds when it is not the system clock's reading at `startMonotonic`
   * (a given `startTime`, another clock); `undefined` on the common path, which then stores one
   * number per span instead of two.
   */
  declare private readonly wallStart: number | undefined

  constructor(
    pipeline: SpanPipeline,
    name: string,
    context: SpanContext,
    parentSpanId: string | undefined,
    kind: SpanKind,
    startTime: number | undefined,
  ) {
    this.kind = kind
    this.parentSpanId = parentSpanId
    const clock = pipeline.clock
    this.startMonotonic = clock.monotonic()
    this.wallStart =
      typeof startTime === 'number' && Number.isFinite(startTime)
        ? startTime
        : clock === systemClock
          ? undefined
          : clock.now()
    this.attributes = NO_ATTRIBUTES
    this.events = NO_EVENTS
    this.links = NO_LINKS
    this.status = UNSET
    this.ended = false
    this.otelView = undefined
    this.spanName = name
    // Not frozen (a freeze costs more than the rest of the constructor): the context is
    // immutable by contract, like OpenTelemetry's.
    this.context = context
    this.pipeline = pipeline
    this.attributeCount = 0
    this.dropped = undefined
  }

  get name(): string {
    return this.spanName
  }

  /** Epoch milliseconds the span started at. */
  get startTime(): number {
    const wall = this.wallStart
    return wall === undefined ? systemWallTime(this.startMonotonic) : wall
  }

  /** Whether processors see this span (the W3C sampled flag). */
  get sampled(): boolean {
    return isSampled(this.context)
  }

  spanContext(): SpanContext {
    return this.context
  }

  setAttribute(key: string, value: AttributeValue): this {
    try {
      if (this.ended || value === undefined) return this
      if (typeof key !== 'string' || key === '' || !isAttributeValue(value)) {
        this.pipeline.report(
          invalidInput(`span ${this.spanName}: invalid attribute ${String(key)}`, {
            span_name: this.spanName,
            key,
          }),
        )
        return this
      }
      if (this.attributes === NO_ATTRIBUTES) this.attributes = {}
      if (!(key in this.attributes)) {
        if (this.attributeCount >= SPAN_ATTRIBUTE_LIMIT) {
          this.dropped ??= newDropCounts()
          this.dropped.attributes++
          return this
        }
        this.attributeCount++
      }
      setOwn(this.attributes, key, value)
      return this
    } catch (error) {
      return this.hostileInput('setAttribute', error)
    }
  }

  setAttributes(attributes: Attributes): this {
    try {
      if (typeof attributes !== 'object' || attributes === null) return this
      for (const key in attributes) this.setAttribute(key, attributes[key] as AttributeValue)
      return this
    } catch (error) {
      return this.hostileInput('setAttributes', error)
    }
  }

  addEvent(name: string, attributes?: Attributes, time?: number): this {
    try {
      if (this.ended) return this
      if (this.events.length >= SPAN_EVENT_LIMIT) {
        this.dropped ??= newDropCounts()
        this.dropped.events++
        return this
      }
      const attrs: Attributes = {}
      if (typeof attributes === 'object' && attributes !== null) {
        for (const key in attributes)
          if (isAttributeValue(attributes[key])) setOwn(attrs, key, attributes[key])
      }
      if (this.events === NO_EVENTS) this.events = []
      this.events.push({
        name: String(name),
        time: typeof time === 'number' ? time : this.pipeline.clock.now(),
        attributes: attrs,
      })
      return this
    } catch (error) {
      return this.hostileInput('addEvent', error)
    }
  }

  addLink(link: SpanLink): this {
    try {
      if (this.ended || typeof link !== 'object' || link === null || typeof link.context !== 'object')
        return this
      if (this.links.length >= SPAN_LINK_LIMIT) {
        this.dropped ??= newDropCounts()
        this.dropped.links++
        return this
      }
      if (this.links === NO_LINKS) this.links = []
      this.links.push(link)
      return this
    } catch (error) {
      return this.hostileInput('addLink', error)
    }
  }

  setStatus(status: SpanStatus): this {
    try {
      if (this.ended || typeof status !== 'object' || status === null) return this
      // As in OpenTelemetry: OK is final, UNSET never overrides.
      if (this.status.code === SpanStatusCode.OK || status.code === SpanStatusCode.UNSET) return this
      this.status =
        status.message === undefined ? { code: status.code } : { code: status.code, message: status.message }
      return this
    } catch (error) {
      return this.hostileInput('setStatus', error)
    }
  }

  /** A hostile argument (a throwing Proxy, getter or toString) reached a span method: reported, never thrown. */
  private hostileInput(method: string, error: unknown): this {
    this.pipeline.report(
      invalidInput(`span ${this.spanName}: ${method} could not read its arguments`, {
        span_name: this.spanName,
        api: method,
        error,
      }),
    )
    return this
  }

  recordException(error: unknown, time?: number): this {
    const { kind, message, stacktrace } = describeError(error)
    const attributes: Attributes = { 'exception.type': kind, 'exception.message': message }
    if (stacktrace !== '') attributes['exception.stacktrace'] = stacktrace
    return this.addEvent('exception', attributes, time)
  }

  updateName(name: string): this {
    if (!this.ended && typeof name === 'string') this.spanName = name
    return this
  }

  isRecording(): boolean {
    return !this.ended
  }

  end(endTime?: number): void {
    if (this.ended) return
    this.ended = true
    if (!isSampled(this.context)) return
    const processors = this.pipeline.processors
    if (processors.length === 0) return
    this.finish(processors, this.pipeline.clock.monotonic(), endTime)
  }

  /** `end()` with a monotonic reading the caller already took (`t.span` reads one for its events). */
  endAt(monotonic: number): void {
    if (this.ended) return
    this.ended = true
    if (!isSampled(this.context)) return
    const processors = this.pipeline.processors
    if (processors.length === 0) return
    this.finish(processors, monotonic, undefined)
  }

  private finish(processors: readonly SpanProcessor[], monotonic: number, endTime: number | undefined): void {
    const start = this.startTime
    let end: number
    let duration = monotonic - this.startMonotonic
    if (typeof endTime === 'number' && Number.isFinite(endTime)) {
      end = endTime
      duration = Math.max(0, end - start)
    } else if (this.wallStart === undefined) end = start + duration
    else {
      // A given start time (or another clock): the span ends now on the wall clock, so a span
      // started in the past lasts from then, not from when it was created.
      end = wallTimeAt(this.pipeline.clock, monotonic)
      duration = Math.max(0, end - start)
    }
    const readable = this.toReadable(start, end, duration)
    this.deliverEnd(processors, readable, 0)
  }

  /**
   * `onEnd` to every processor from index `from`. One `try` around the loop: a processor that
   * throws is reported and delivery resumes after it (recursion only on failure).
   */
  private deliverEnd(processors: readonly SpanProcessor[], readable: ReadableSpan, from: number): void {
    let i = from
    try {
      for (; i < processors.length; i++) {
        const result: unknown = (processors[i] as SpanProcessor).onEnd(readable)
        if (result !== undefined) this.watch(result, 'onEnd')
      }
    } catch (error) {
      this.processorFailed('onEnd', error)
      this.deliverEnd(processors, readable, i + 1)
    }
  }

  /**
   * A processor returned something: a thenable's rejection is reported. The rejection callback
   * lives here, not in the delivery loops: a closure over `this` there would make V8 allocate a
   * context on every call of the loop's function, for every span.
   */
  private watch(result: unknown, phase: 'onStart' | 'onEnd'): void {
    if (isThenable(result)) catchRejection(result, (error) => this.processorFailed(phase, error))
  }

  private processorFailed(phase: 'onStart' | 'onEnd', error: unknown): void {
    this.pipeline.report(
      exportFailure(`span processor failed in ${phase}: ${describeError(error).message}`, {
        exporter: 'span_processor',
        phase,
        error,
      }),
    )
  }

  /** Tell processors this span started (only called for sampled spans). */
  notifyStart(parent: SpanContext | undefined): void {
    this.deliverStart(this.pipeline.processors, parent, 0)
  }

  /** `onStart` to every processor from index `from`, as {@link deliverEnd} does for `onEnd`. */
  private deliverStart(
    processors: readonly SpanProcessor[],
    parent: SpanContext | undefined,
    from: number,
  ): void {
    let i = from
    try {
      for (; i < processors.length; i++) {
        const result: unknown = (processors[i] as SpanProcessor).onStart(this, parent)
        if (result !== undefined) this.watch(result, 'onStart')
      }
    } catch (error) {
      this.processorFailed('onStart', error)
      this.deliverStart(processors, parent, i + 1)
    }
  }

  /**
   * The record processors get. Nothing is copied or frozen: once ended, a span never changes its
   * attributes, events, links or status again, so the record shares them; processors must treat
   * it as read-only (the {@link ReadableSpan} contract).
   */
  private toReadable(startTime: number, endTime: number, duration: number): ReadableSpan {
    return new EndedSpan(this, startTime, endTime, duration, this.pipeline.resource, this.dropped ?? NO_DROPS)
  }
}

/**
 * An ended root span as processors get it. A class, not a literal: the field list is written
 * once, and the child record below adds its parent id in the same constructor-made shape, so
 * every record has one of two fixed shapes (processors and exporters stay monomorphic) and a
 * root has no `parentSpanId` property at all.
 */
class EndedSpan implements ReadableSpan {
  declare readonly name: string
  declare readonly kind: SpanKind
  declare readonly spanContext: SpanContext
  declare readonly startTime: number
  declare readonly endTime: number
  declare readonly duration: number
  declare readonly attributes: Attributes
  declare readonly events: SpanEvent[]
  declare readonly links: SpanLink[]
  declare readonly status: SpanStatus
  declare readonly resource: Readonly<Attributes>
  declare readonly instrumentationScope: { name: string; version?: string }
  declare readonly droppedAttributesCount: number
  declare readonly droppedEventsCount: number
  declare readonly droppedLinksCount: number
  declare readonly parentSpanId?: string

  constructor(
    span: SpanImpl,
    startTime: number,
    endTime: number,
    duration: number,
    resource: Readonly<Attributes>,
    dropped: Readonly<DropCounts>,
  ) {
    this.name = span.name
    this.kind = span.kind
    this.spanContext = span.spanContext()
    this.startTime = startTime
    this.endTime = endTime
    this.duration = duration
    this.attributes = span.attributes
    this.events = span.events
    this.links = span.links
    this.status = span.status
    this.resource = resource
    this.instrumentationScope = SCOPE
    this.droppedAttributesCount = dropped.attributes
    this.droppedEventsCount = dropped.events
    this.droppedLinksCount = dropped.links
    const parentSpanId = span.parentSpanId
    if (parentSpanId !== undefined) this.parentSpanId = parentSpanId
  }
}

/**
 * A span that only carries a context: a remote parent from `extract`, a context given to
 * `withContext`, or the active OpenTelemetry span seen from our side. Records nothing.
 */
export class ContextSpan implements Span {
  readonly name = ''
  private readonly context: SpanContext

  constructor(context: SpanContext) {
    this.context = Object.freeze({ ...context })
  }

  spanContext(): SpanContext {
    return this.context
  }
  setAttribute(): this {
    return this
  }
  setAttributes(): this {
    return this
  }
  addEvent(): this {
    return this
  }
  addLink(): this {
    return this
  }
  setStatus(): this {
    return this
  }
  recordException(): this {
    return this
  }
  updateName(): this {
    return this
  }
  end(): void {}
  isRecording(): boolean {
    return false
  }
}
