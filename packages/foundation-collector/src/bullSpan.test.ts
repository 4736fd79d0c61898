import { type Metadata, SpanKind, SpanStatusCode } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { queueHarness, queueReadings } from '../test/support.ts'
import { FoundationBullSpan } from './bullSpan.ts'
import { messageContext } from './queueTelemetry.ts'

function setUp() {
  const { t, spans } = queueHarness()
  const events: Array<[string, Metadata]> = []
  t.attach('test', 'foundation.queue.*', (event, _measurements, metadata) => events.push([event, metadata]))
  const start = (name: string, kind: SpanKind, context?: { span: undefined; message: string }) =>
    new FoundationBullSpan(t, 'bullmq', name, kind as 0 | 1 | 2 | 3 | 4, context)
  return { t, spans, events, start }
}

describe('FoundationBullSpan', () => {
  it('records an added job as published when its producer span ends, with primitive attributes only', () => {
    const { spans, events, start } = setUp()
    const span = start('add emails', SpanKind.PRODUCER)
    span.setAttributes({
      'bullmq.queue.name': 'emails',
      'bullmq.job.name': 'welcome',
      'bullmq.job.id': 7,
      'bullmq.job.options': { delay: 5 },
    })
    expect(events).toEqual([])
    span.end()
    expect(events).toEqual([
      [
        'foundation.queue.publish',
        expect.objectContaining({ queue: 'emails', message_id: '7', message_name: 'welcome' }),
      ],
    ])
    expect(spans[0]?.name).toBe('bullmq.add emails')
    expect(spans[0]?.attributes).toMatchObject({ 'messaging.system': 'bullmq', 'bullmq.job.id': 7 })
    expect(spans[0]?.attributes).not.toHaveProperty('bullmq.job.options')
  })

  it('counts the jobs of an addBulk, and publishes nothing for other producer operations', () => {
    const { t, start } = setUp()
    const bulk = start('addBulk emails', SpanKind.PRODUCER)
    bulk.setAttribute('bullmq.queue.name', 'emails')
    bulk.setAttribute('bullmq.job.ids', ['1', '2', '3'])
    bulk.end()
    start('pause emails', SpanKind.PRODUCER).end()
    expect(queueReadings(t).published).toEqual([{ tags: { queue: 'emails', system: 'bullmq' }, value: 3 }])
  })

  it('ends a failed producer span as an error, without a publish', () => {
    const { spans, events, start } = setUp()
    const span = start('add emails', SpanKind.PRODUCER)
    span.recordException(new Error('redis down'))
    span.end()
    expect(events).toEqual([])
    expect(spans[0]?.status.code).toBe(SpanStatusCode.ERROR)
  })

  it('processes a job in the trace it carries, and fails it on a job failed event', () => {
    const { t, spans, events, start } = setUp()
    const producer = t.startSpan('app.signup')
    const message = messageContext(t, producer)
    const ok = start('process emails', SpanKind.CONSUMER, { span: undefined, message })
    ok.setAttributes({ 'bullmq.job.id': '1', 'bullmq.job.name': 'welcome', 'bullmq.job.attempts.made': 0 })
    ok.end()
    const failed = start('process emails', SpanKind.CONSUMER, { span: undefined, message })
    failed.addEvent('job failed', { 'bullmq.job.failed.reason': 'smtp down' })
    failed.end()
    expect(
      events.map(([event, metadata]) => [event, metadata.queue, metadata.message_id, metadata.reason]),
    ).toEqual([
      ['foundation.queue.process.start', 'emails', undefined, undefined],
      ['foundation.queue.process.stop', 'emails', '1', undefined],
      ['foundation.queue.process.start', 'emails', undefined, undefined],
      ['foundation.queue.process.exception', 'emails', undefined, 'smtp down'],
    ])
    expect(spans.map((s) => [s.name, s.kind, s.parentSpanId])).toEqual([
      ['bullmq.process emails', SpanKind.CONSUMER, producer.spanContext().spanId],
      ['bullmq.process emails', SpanKind.CONSUMER, producer.spanContext().spanId],
    ])
  })

  it('puts itself on a context, and is a plain child span for other operations', () => {
    const { t, spans, start } = setUp()
    const parent = t.startSpan('parent')
    const span = start('moveToCompleted emails', SpanKind.INTERNAL)
    expect(span.setSpanOnContext({ span: parent }).span).toBe(span.span)
    const child = new FoundationBullSpan(t, 'bullmq', 'getNextJob emails', 0, { span: parent })
    span.end()
    child.end()
    expect(spans.map((s) => [s.name, s.parentSpanId])).toEqual([
      ['bullmq.moveToCompleted emails', undefined],
      ['bullmq.getNextJob emails', parent.spanContext().spanId],
    ])
  })
})
