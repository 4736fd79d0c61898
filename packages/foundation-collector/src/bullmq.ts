/**
 * `@foundation-telemetry/foundation-collector/bullmq`: BullMQ's own telemetry interface, served by
 * Foundation spans. Pass it as the `telemetry` option of a `Queue` and a `Worker`: a job added
 * records `foundation.queue.publish` and carries the trace context inside the job; the worker's
 * processing continues that trace in a CONSUMER span with `foundation.queue.process.*` events.
 * `observeQueueDepth` reports a queue's job counts as `foundation.queue.depth`.
 */
import type { Attributes, ClockTimer, Span, SpanContext } from '@foundation-telemetry/core'
import { SpanKind, SpanStatusCode } from '@foundation-telemetry/core'
import { orDetached } from './orDetached.ts'
import {
  messageContext,
  type Processing,
  type QueueTelemetryHost,
  readMessageContext,
  recordPublish,
  startProcessing,
} from './queueTelemetry.ts'

/** BullMQ's span kinds, numbered as OpenTelemetry's (and ours). */
type BullSpanKind = 0 | 1 | 2 | 3 | 4

/** The context BullMQ threads through its calls: the span it runs under, if any. */
export interface BullContext {
  readonly span: Span | SpanContext | undefined
  /** The serialised message context when this context came from a job (consumer side). */
  readonly message?: string
}

/** A span as BullMQ drives it. */
export interface BullSpan {
  setSpanOnContext(context: BullContext): BullContext
  setAttribute(key: string, value: unknown): void
  setAttributes(attributes: Record<string, unknown>): void
  addEvent(name: string, attributes?: Record<string, unknown>): void
  recordException(exception: unknown, time?: unknown): void
  end(): void
}

/** BullMQ's `Telemetry` interface (the `telemetry` option of `Queue` and `Worker`). */
export interface BullTelemetry {
  tracer: { startSpan(name: string, options?: { kind: BullSpanKind }, context?: BullContext): BullSpan }
  contextManager: {
    with<TFn extends (...args: never[]) => unknown>(context: BullContext, fn: TFn): ReturnType<TFn>
    active(): BullContext
    getMetadata(context: BullContext): string
    fromMetadata(activeContext: BullContext, metadata: string): BullContext
  }
}

/** Options of {@link bullmqTelemetry}. */
export interface BullmqTelemetryOptions {
  /** `messaging.system` on spans and events. Defaults to `bullmq`. */
  system?: string
}

const QUEUE_NAME = 'bullmq.queue.name'
const JOB_NAME = 'bullmq.job.name'
const JOB_ID = 'bullmq.job.id'
const ATTEMPTS = 'bullmq.job.attempts.made'

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined
}

/**
 * Foundation telemetry in BullMQ's `telemetry` option.
 *
 * @example
 * ```ts
 * import { Queue, Worker } from 'bullmq'
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { bullmqTelemetry } from '@foundation-telemetry/foundation-collector/bullmq'
 *
 * const t = createTelemetry({ service: 'mailer' })
 * const telemetry = bullmqTelemetry(t)
 * const queue = new Queue('emails', { connection, telemetry })
 * new Worker('emails', async (job) => send(job.data), { connection, telemetry })
 * await queue.add('welcome', { to: 'a@example.com' })
 * ```
 */
export function bullmqTelemetry(t: QueueTelemetryHost, options: BullmqTelemetryOptions = {}): BullTelemetry {
  return orDetached(bullmqTelemetryUnguarded, t, options, {})
}

function bullmqTelemetryUnguarded(
  t: QueueTelemetryHost,
  options: BullmqTelemetryOptions = {},
): BullTelemetry {
  const system = options.system ?? 'bullmq'

  class FoundationBullSpan implements BullSpan {
    readonly span: Span
    private readonly kind: BullSpanKind
    private readonly operation: string
    private readonly attributes: Record<string, unknown> = {}
    private readonly processing: Processing | undefined
    private failure: unknown

    constructor(name: string, kind: BullSpanKind, context: BullContext | undefined) {
      this.kind = kind
      const space = name.indexOf(' ')
      this.operation = space === -1 ? name : name.slice(0, space)
      if (kind === SpanKind.CONSUMER && this.operation === 'process') {
        // `process <queue>`: the consumer side of a job, continuing the trace the job carries.
        const queue = space === -1 ? 'unknown' : name.slice(space + 1)
        this.processing = startProcessing(t, queue, system, {}, context?.message, `bullmq.${name}`)
        this.span = this.processing.span
      } else {
        this.span = t.startSpan(`bullmq.${name}`, {
          kind: kind as SpanKind,
          parent: context?.span ?? t.activeSpan() ?? null,
          attributes: { 'messaging.system': system },
        })
      }
    }

    setSpanOnContext(context: BullContext): BullContext {
      return { ...context, span: this.span }
    }

    setAttribute(key: string, value: unknown): void {
      this.setAttributes({ [key]: value })
    }

    setAttributes(attributes: Record<string, unknown>): void {
      Object.assign(this.attributes, attributes)
      const clean: Attributes = {}
      for (const key in attributes) {
        const value = attributes[key]
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
          clean[key] = value
      }
      this.span.setAttributes(clean)
      this.processing?.update(this.message())
    }

    addEvent(name: string, attributes?: Record<string, unknown>): void {
      if (name === 'job failed') {
        this.failure = new Error(text(attributes?.['bullmq.job.failed.reason']) ?? 'job failed')
      }
      this.span.addEvent(name)
    }

    recordException(exception: unknown): void {
      this.failure = exception
    }

    private message() {
      const attempts = Number(this.attributes[ATTEMPTS])
      return {
        id: text(this.attributes[JOB_ID]),
        name: text(this.attributes[JOB_NAME]),
        attempt: Number.isFinite(attempts) ? attempts : undefined,
      }
    }

    end(): void {
      if (this.processing !== undefined) {
        this.processing.end(this.failure)
        return
      }
      const queue = text(this.attributes[QUEUE_NAME]) ?? 'unknown'
      if (this.failure !== undefined) {
        this.span.recordException(this.failure)
        this.span.setStatus({ code: SpanStatusCode.ERROR })
      } else if (this.kind === SpanKind.PRODUCER && this.operation === 'add') {
        t.withContext(this.span, () => recordPublish(t, queue, system, this.message()))
      } else if (this.kind === SpanKind.PRODUCER && this.operation === 'addBulk') {
        const ids = this.attributes['bullmq.job.ids']
        const count = Array.isArray(ids) ? ids.length : 1
        t.withContext(this.span, () => recordPublish(t, queue, system, {}, count))
      }
      this.span.end()
    }
  }

  return {
    tracer: {
      startSpan: (name, spanOptions, context) =>
        new FoundationBullSpan(String(name), (spanOptions?.kind ?? 0) as BullSpanKind, context),
    },
    contextManager: {
      with: (context, fn) => t.withContext(context?.span, fn as () => ReturnType<typeof fn>),
      active: () => ({ span: t.activeSpan() }),
      getMetadata: (context) => messageContext(t, context?.span as Span | undefined),
      fromMetadata: (active, metadata) => {
        const { parent } = readMessageContext(t, metadata)
        return { span: parent ?? active?.span, message: metadata }
      },
    },
  }
}

/** The part of a BullMQ `Queue` depth reporting reads. */
export interface CountableQueue {
  readonly name: string
  getJobCounts(...types: string[]): Promise<Record<string, number>>
}

/**
 * Report `queue`'s job counts as `foundation.queue.depth` every `interval` ms on the telemetry's
 * clock (and once now). Returns a function that stops it. A failed count is skipped.
 */
export function observeQueueDepth(
  t: QueueTelemetryHost,
  queue: CountableQueue,
  options: { interval?: number; system?: string } = {},
): () => void {
  try {
    return observeQueueDepthUnguarded(t, queue, options)
  } catch {
    // Not the data this helper takes (or data whose fields throw): a neutral result, never an exception.
    return () => {}
  }
}

function observeQueueDepthUnguarded(
  t: QueueTelemetryHost,
  queue: CountableQueue,
  options: { interval?: number; system?: string } = {},
): () => void {
  const system = options.system ?? 'bullmq'
  const report = async () => {
    try {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed')
      t.execute(
        'foundation.queue.depth',
        {
          waiting: counts.waiting ?? 0,
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
        },
        { queue: queue.name, system },
      )
    } catch {
      // Redis unreachable: this report is skipped; the next one tries again.
    }
  }
  const timer: ClockTimer = t.clock.setInterval(() => void report(), options.interval ?? 15_000)
  timer.unref?.()
  void report()
  return () => t.clock.clearInterval(timer)
}
