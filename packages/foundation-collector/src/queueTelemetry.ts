/**
 * Queue telemetry for any message queue: a publish records `foundation.queue.publish` inside a
 * PRODUCER span and returns the context to carry inside the message; processing continues that
 * trace in a CONSUMER span with `foundation.queue.process.start` / `.stop` / `.exception` events
 * (`.stop` carries the time the message waited); depth reports are `foundation.queue.depth`.
 */
import type { Attributes, Span, SpanContext, Telemetry } from '@foundation-telemetry/core'
import { failSpan, SpanKind, settleWith } from '@foundation-telemetry/core'
import { orDetached } from './orDetached.ts'

/** What queue telemetry uses of a telemetry instance. */
export type QueueTelemetryHost = Pick<
  Telemetry,
  'execute' | 'startSpan' | 'withContext' | 'inject' | 'extract' | 'clock' | 'activeSpan'
>

/** Identity of one message. */
export interface MessageInfo {
  id?: string | undefined
  name?: string | undefined
  /** Delivery attempt, 1 for the first. */
  attempt?: number | undefined
  /** Payload size in bytes. */
  size?: number | undefined
}

/** The trace context a message carries from its producer to its consumer. */
export interface MessageContext {
  traceparent?: string
  tracestate?: string
  /** Epoch ms when the message was published, for the consumer's wait time. */
  published_at?: number
}

/** Serialise the active trace context and the publish time for a message. */
export function messageContext(t: QueueTelemetryHost, span?: Span): string {
  try {
    return messageContextUnguarded(t, span)
  } catch {
    // Not the data this helper takes (or data whose fields throw): a neutral result, never an exception.
    return ''
  }
}

function messageContextUnguarded(t: QueueTelemetryHost, span?: Span): string {
  const carrier: Record<string, string> = {}
  t.inject(carrier, span)
  const context: MessageContext = { published_at: t.clock.now() }
  if (carrier.traceparent !== undefined) context.traceparent = carrier.traceparent
  if (carrier.tracestate !== undefined) context.tracestate = carrier.tracestate
  return JSON.stringify(context)
}

/** Read a message's context back: the producer's span context and the publish time. */
export function readMessageContext(
  t: QueueTelemetryHost,
  serialised: string | undefined,
): { parent: SpanContext | undefined; publishedAt: number | undefined } {
  if (typeof serialised !== 'string' || serialised === '')
    return { parent: undefined, publishedAt: undefined }
  try {
    const context = JSON.parse(serialised) as MessageContext
    const carrier: Record<string, string> = {}
    if (typeof context.traceparent === 'string') carrier.traceparent = context.traceparent
    if (typeof context.tracestate === 'string') carrier.tracestate = context.tracestate
    const publishedAt = typeof context.published_at === 'number' ? context.published_at : undefined
    return { parent: carrier.traceparent === undefined ? undefined : t.extract(carrier), publishedAt }
  } catch {
    return { parent: undefined, publishedAt: undefined }
  }
}

function attributes(queue: string, system: string, operation: string, message: MessageInfo): Attributes {
  const out: Attributes = {
    'messaging.system': system,
    'messaging.destination.name': queue,
    'messaging.operation.type': operation,
  }
  if (message.id !== undefined) out['messaging.message.id'] = message.id
  if (message.size !== undefined) out['messaging.message.body.size'] = message.size
  return out
}

function metadataOf(queue: string, system: string, message: MessageInfo): Record<string, unknown> {
  const md: Record<string, unknown> = { queue, system }
  if (message.id !== undefined) md.message_id = message.id
  if (message.name !== undefined) md.message_name = message.name
  if (message.attempt !== undefined) md.attempt = message.attempt
  return md
}

/** Record that `count` messages were published, in the active context. */
export function recordPublish(
  t: QueueTelemetryHost,
  queue: string,
  system: string,
  message: MessageInfo,
  count = 1,
) {
  const measurements: Record<string, number> = { count }
  if (message.size !== undefined) measurements.size = message.size
  const md = metadataOf(queue, system, message)
  delete md.attempt
  t.execute('foundation.queue.publish', measurements as never, md as never)
}

/** A consumer's processing of one message, started: end it once with the outcome. */
export interface Processing {
  readonly span: Span
  /** Message details learnt after the start (ids known only once the job is read). */
  update(message: MessageInfo): void
  end(error?: unknown): void
}

/** Start the CONSUMER span and `.start` event of one message's processing. */
export function startProcessing(
  t: QueueTelemetryHost,
  queue: string,
  system: string,
  message: MessageInfo,
  serialised: string | undefined,
  name = 'foundation.queue.process',
): Processing {
  const { parent, publishedAt } = readMessageContext(t, serialised)
  const span = t.startSpan(name, {
    kind: SpanKind.CONSUMER,
    parent: parent ?? t.activeSpan() ?? null,
    attributes: attributes(queue, system, 'process', message),
  })
  const started = t.clock.monotonic()
  const wait = publishedAt === undefined ? undefined : Math.max(0, t.clock.now() - publishedAt)
  let md = metadataOf(queue, system, message)
  t.withContext(span, () =>
    t.execute('foundation.queue.process.start', { monotonic_time: started } as never, md as never),
  )
  let ended = false
  return {
    span,
    update(update) {
      md = metadataOf(queue, system, { ...message, ...update })
      if (update.id !== undefined) span.setAttribute('messaging.message.id', update.id)
    },
    end(error) {
      if (ended) return
      ended = true
      const now = t.clock.monotonic()
      const measurements: Record<string, number> = { duration: now - started, monotonic_time: now }
      t.withContext(span, () => {
        if (error === undefined) {
          if (wait !== undefined) measurements.wait = wait
          t.execute('foundation.queue.process.stop', measurements as never, md as never)
        } else {
          const details = failSpan(span, error)
          t.execute(
            'foundation.queue.process.exception',
            measurements as never,
            {
              ...md,
              kind: details.kind,
              reason: details.message,
            } as never,
          )
        }
      })
      span.end()
    },
  }
}

/** Options of {@link createQueueTelemetry}. */
export interface QueueTelemetryOptions {
  /** The queue's name (`messaging.destination.name`). */
  queue: string
  /** The queue technology (`messaging.system`). Defaults to `custom`. */
  system?: string
}

/** Queue telemetry for one queue. */
export interface QueueTelemetry {
  /**
   * Record a publish in a PRODUCER span and return the context to store in the message (a
   * string), so the consumer's span continues this trace.
   */
  publish(message?: MessageInfo): string
  /**
   * Process one message in a CONSUMER span continuing the producer's trace (from the context
   * `publish` returned). Returns `fn`'s result (sync or async); `fn`'s error is rethrown.
   */
  process<TResult>(context: string | undefined, fn: () => TResult, message?: MessageInfo): TResult
  /** Report the queue's depth. */
  depth(counts: { waiting: number; active?: number; delayed?: number; failed?: number }): void
}

/**
 * Telemetry for a queue that has no adapter.
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { createQueueTelemetry } from '@foundation-telemetry/foundation-collector/queue'
 *
 * const t = createTelemetry({ service: 'mailer' })
 * const emails = createQueueTelemetry(t, { queue: 'emails', system: 'rabbitmq' })
 * const message = { body: 'hi', context: emails.publish({ id: 'm-1' }) } // producer
 * await emails.process(message.context, async () => send(message.body), { id: 'm-1' }) // consumer
 * ```
 */
export function createQueueTelemetry(t: QueueTelemetryHost, options: QueueTelemetryOptions): QueueTelemetry {
  return orDetached(createQueueTelemetryUnguarded, t, options, { queue: 'unknown' })
}

function createQueueTelemetryUnguarded(
  t: QueueTelemetryHost,
  options: QueueTelemetryOptions,
): QueueTelemetry {
  const queue = String(options.queue)
  const system = options.system ?? 'custom'
  return {
    publish(message = {}) {
      const span = t.startSpan(`foundation.queue.publish`, {
        kind: SpanKind.PRODUCER,
        attributes: attributes(queue, system, 'send', message),
      })
      try {
        t.withContext(span, () => recordPublish(t, queue, system, message))
        return messageContext(t, span)
      } finally {
        span.end()
      }
    },
    process(context, fn, message = {}) {
      const processing = startProcessing(t, queue, system, message, context)
      let result: ReturnType<typeof fn>
      try {
        result = t.withContext(processing.span, fn)
      } catch (error) {
        processing.end(error)
        throw error
      }
      return settleWith(result, { ok: () => processing.end(), fail: (error) => processing.end(error) })
    },
    depth(counts) {
      const measurements: Record<string, number> = {}
      for (const key of ['waiting', 'active', 'delayed', 'failed'] as const) {
        const value = counts?.[key]
        if (typeof value === 'number' && Number.isFinite(value)) measurements[key] = value
      }
      t.execute('foundation.queue.depth', measurements as never, { queue, system } as never)
    },
  }
}
