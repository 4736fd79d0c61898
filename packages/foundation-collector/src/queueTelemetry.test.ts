import { createManualClock, SpanKind } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { queueHarness, queueReadings, seriesOf } from '../test/support.ts'
import { createQueueTelemetry } from './queueTelemetry.ts'

function setup() {
  const clock = createManualClock()
  const { t, spans } = queueHarness(clock)
  const events: Array<{
    event: string
    measurements: Record<string, number>
    metadata: Record<string, unknown>
  }> = []
  t.attach('capture', 'foundation.queue.*', (event, measurements, metadata) =>
    events.push({ event, measurements, metadata }),
  )
  return { clock, t, spans, events }
}

describe('queue telemetry', () => {
  it('the consumer span continues the producer trace carried inside the message', async () => {
    const { t, clock, spans, events } = setup()
    const emails = createQueueTelemetry(t, { queue: 'emails', system: 'rabbitmq' })
    const message = await t.span('app.signup', {}, async () => ({
      body: 'hi',
      context: emails.publish({ id: 'm-1' }),
    }))
    clock.advance(1500)
    const result = await emails.process(
      message.context,
      async () => {
        clock.advance(20)
        return t.activeSpan()?.spanContext().traceId
      },
      { id: 'm-1', attempt: 1 },
    )

    const signup = spans.find((s) => s.name === 'app.signup')!
    const publish = spans.find((s) => s.name === 'foundation.queue.publish')!
    const consume = spans.find((s) => s.name === 'foundation.queue.process')!
    expect(publish.kind).toBe(SpanKind.PRODUCER)
    expect(consume.kind).toBe(SpanKind.CONSUMER)
    expect(publish.parentSpanId).toBe(signup.spanContext.spanId)
    expect(consume.parentSpanId).toBe(publish.spanContext.spanId)
    expect(consume.spanContext.traceId).toBe(signup.spanContext.traceId)
    expect(result).toBe(signup.spanContext.traceId)
    expect(consume.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.destination.name': 'emails',
      'messaging.operation.type': 'process',
      'messaging.message.id': 'm-1',
    })
    const stop = events.find((e) => e.event === 'foundation.queue.process.stop')!
    expect(stop.measurements).toMatchObject({ duration: 20, wait: 1500 })
    expect(stop.metadata).toMatchObject({
      queue: 'emails',
      message_id: 'm-1',
      attempt: 1,
      trace_id: signup.spanContext.traceId,
    })
  })

  it('records published, consumed by outcome, processing and wait time, and depth as the taxonomy metrics', async () => {
    const { t, clock } = setup()
    const jobs = createQueueTelemetry(t, { queue: 'jobs' })
    const a = jobs.publish()
    const b = jobs.publish()
    clock.advance(100)
    jobs.process(a, () => clock.advance(5))
    await expect(
      jobs.process(b, async () => {
        throw new Error('smtp down')
      }),
    ).rejects.toThrow('smtp down')
    expect(() =>
      jobs.process(undefined, () => {
        throw new TypeError('bad payload')
      }),
    ).toThrow('bad payload')
    jobs.depth({ waiting: 7, active: 2 })

    expect(queueReadings(t)).toEqual({
      published: [{ tags: { queue: 'jobs', system: 'custom' }, value: 2 }],
      consumed: { success: 1, failure: 2 },
      wait: { count: 1, sum: 100 },
    })
    expect(seriesOf(t, 'foundation.queue.depth')[0]?.value).toBe(7)
    expect(seriesOf(t, 'foundation.queue.active')[0]?.value).toBe(2)
  })

  it('a missing or corrupt message context starts a new trace instead of failing', () => {
    const { t, spans } = setup()
    const q = createQueueTelemetry(t, { queue: 'q' })
    expect(q.process('{not json', () => 1)).toBe(1)
    expect(q.process(undefined, () => 2)).toBe(2)
    expect(
      spans.filter((s) => s.name === 'foundation.queue.process').every((s) => s.parentSpanId === undefined),
    ).toBe(true)
  })

  it('a result whose then() throws ends the processing span as a failure and rejects with its error', async () => {
    const { t, spans, events } = setup()
    const q = createQueueTelemetry(t, { queue: 'q' })
    const broken = {
      // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is what this test is about
      then() {
        throw new Error('then exploded')
      },
    }
    await expect(q.process(undefined, () => broken)).rejects.toThrow('then exploded')
    const consume = spans.find((s) => s.name === 'foundation.queue.process')
    expect(consume?.status.message).toBe('then exploded')
    expect(events.map((e) => e.event)).toContain('foundation.queue.process.exception')
  })
})
