/**
 * BullMQ on a real Redis: producer and consumer in one trace through BullMQ's own telemetry
 * option, queue metrics from the jobs, and depth from the queue's job counts.
 */
import { SpanKind, type TelemetryInstance } from '@foundation-telemetry/core'
import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bullmqTelemetry, observeQueueDepth } from '../src/bullmq.ts'
import { hasRedis, type RunningRedis, startRedis } from './redisServer.ts'
import { queueHarness, queueReadings } from './support.ts'

let redis: RunningRedis | undefined

/** Resolves with the metadata of the next `event` the telemetry emits. */
function next(t: TelemetryInstance, event: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const id = `next-${event}-${Math.random()}`
    t.attach(id, event, (_e, _m, metadata) => {
      t.detach(id)
      resolve(metadata)
    })
  })
}

describe.skipIf(!hasRedis)('BullMQ through bullmqTelemetry on a real Redis', () => {
  beforeAll(async () => {
    redis = await startRedis()
  }, 30_000)

  afterAll(async () => {
    await redis?.stop()
  })

  it('a job added inside a span is processed in the same trace, and counted', async () => {
    const { t, spans } = queueHarness()
    const telemetry = bullmqTelemetry(t)
    const client = () => new Redis({ host: '127.0.0.1', port: redis!.port, maxRetriesPerRequest: null })
    const producerConnection = client()
    const consumerConnection = client()
    const queue = new Queue('emails', { connection: producerConnection, telemetry })
    let insideTrace: string | undefined
    const worker = new Worker(
      'emails',
      async (job) => {
        if (job.data.fail) throw new Error('smtp down')
        insideTrace = t.activeSpan()?.spanContext().traceId
        return 'sent'
      },
      { connection: consumerConnection, telemetry },
    )
    try {
      const done = next(t, 'foundation.queue.process.stop')
      const signup = t.startSpan('app.signup')
      await t.withContext(signup, () => queue.add('welcome', { to: 'a@example.com' }))
      signup.end()
      const stop = await done

      const traceId = signup.spanContext().traceId
      const consumer = spans.find((s) => s.kind === SpanKind.CONSUMER && s.name.startsWith('bullmq.process'))!
      const producer = spans.find((s) => s.kind === SpanKind.PRODUCER && s.name.startsWith('bullmq.add'))!
      expect(producer.spanContext.traceId).toBe(traceId)
      expect(consumer.spanContext.traceId).toBe(traceId)
      expect(consumer.parentSpanId).toBe(producer.spanContext.spanId)
      expect(insideTrace).toBe(traceId)
      expect(stop).toMatchObject({
        queue: 'emails',
        system: 'bullmq',
        message_name: 'welcome',
        trace_id: traceId,
      })

      const failed = next(t, 'foundation.queue.process.exception')
      await queue.add('welcome', { fail: true })
      expect(await failed).toMatchObject({ queue: 'emails', reason: 'smtp down' })

      const depth = next(t, 'foundation.queue.depth')
      const stopDepth = observeQueueDepth(t, queue, { interval: 60_000 })
      expect(await depth).toMatchObject({ queue: 'emails', system: 'bullmq' })
      stopDepth()

      expect(queueReadings(t)).toEqual({
        published: [{ tags: { queue: 'emails', system: 'bullmq' }, value: 2 }],
        consumed: { success: 1, failure: 1 },
        wait: { count: 1, sum: expect.any(Number) },
      })
    } finally {
      await worker.close()
      await queue.close()
      producerConnection.disconnect()
      consumerConnection.disconnect()
    }
  }, 30_000)
})
