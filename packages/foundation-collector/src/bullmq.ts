/**
 * `@foundation-telemetry/foundation-collector/bullmq`: BullMQ's own telemetry interface, served by
 * Foundation spans. Pass it as the `telemetry` option of a `Queue` and a `Worker`: a job added
 * records `foundation.queue.publish` and carries the trace context inside the job; the worker's
 * processing continues that trace in a CONSUMER span with `foundation.queue.process.*` events.
 * `observeQueueDepth` reports a queue's job counts as `foundation.queue.depth`.
 */
import type { ClockTimer, Span, SpanContext } from '@foundation-telemetry/core'
import { type BullSpanKind, FoundationBullSpan } from './bullSpan.ts'
import { orDetached } from './orDetached.ts'
import { messageContext, type QueueTelemetryHost, readMessageContext } from './queueTelemetry.ts'

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
  return {
    tracer: {
      startSpan: (name, spanOptions, context) =>
        new FoundationBullSpan(t, system, String(name), (spanOptions?.kind ?? 0) as BullSpanKind, context),
    },
    contextManager: bullContextManager(t),
  }
}

/**
 * BullMQ's context manager over `t`'s context: a context is the span it runs under, and the
 * metadata a job carries is the message context of {@link messageContext}.
 */
function bullContextManager(t: QueueTelemetryHost): BullTelemetry['contextManager'] {
  return {
    with: (context, fn) => t.withContext(context?.span, fn as () => ReturnType<typeof fn>),
    active: () => ({ span: t.activeSpan() }),
    getMetadata: (context) => messageContext(t, context?.span as Span | undefined),
    fromMetadata: (active, metadata) => {
      const { parent } = readMessageContext(t, metadata)
      return { span: parent ?? active?.span, message: metadata }
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
