import type { LogRecord, ReadableSpan } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { makeSpan } from '../../test/otlpSupport.ts'
import type { BatchQueue } from '../shared/batchQueue.ts'
import { otlpLogProcessor, otlpSpanProcessor } from './otlpProcessors.ts'

/** A queue that keeps what it is given and counts flushes and shutdowns. */
function recordingQueue<TItem>() {
  const items: TItem[] = []
  const calls: string[] = []
  const queue: BatchQueue<TItem> = {
    add: (item) => items.push(item) > 0,
    flush: async () => void calls.push('flush'),
    shutdown: async () => void calls.push('shutdown'),
    size: () => items.length,
  }
  return { queue, items, calls }
}

const record = (body: LogRecord['body'], attributes: LogRecord['attributes']): LogRecord => ({
  time: 1,
  observedTime: 1,
  severityNumber: 9,
  severityText: 'INFO',
  body,
  attributes,
  resource: {},
  instrumentationScope: { name: 'test' },
})

describe('otlpSpanProcessor', () => {
  it('queues sampled spans and skips unsampled ones', () => {
    const { queue, items } = recordingQueue<ReadableSpan>()
    const processor = otlpSpanProcessor(queue, true)
    const sampled = makeSpan(0)
    const unsampled = makeSpan(1, { spanContext: { ...sampled.spanContext, traceFlags: 0 } })
    processor.onEnd(sampled)
    processor.onEnd(unsampled)
    expect(items).toEqual([sampled])
  })

  it('queues nothing when traces are not exported, and flushes and shuts down its queue', async () => {
    const { queue, items, calls } = recordingQueue<ReadableSpan>()
    const processor = otlpSpanProcessor(queue, false)
    processor.onEnd(makeSpan(0))
    await processor.forceFlush()
    await processor.shutdown()
    expect(items).toEqual([])
    expect(calls).toEqual(['flush', 'shutdown'])
  })
})

describe('otlpLogProcessor', () => {
  it("queues each record with body and attributes redacted by the telemetry's current rules", () => {
    const { queue, items } = recordingQueue<LogRecord>()
    const telemetry: { redact?: <T>(value: T) => T } = {}
    const processor = otlpLogProcessor(queue, telemetry, true)
    const plain = record('hello', { user: 'ada' })
    processor.onEmit(plain)
    telemetry.redact = <T>(value: T) =>
      (typeof value === 'string' ? '[REDACTED]' : { user: '[REDACTED]' }) as T
    processor.onEmit(record('secret', { user: 'ada' }))
    expect(items[0]).toBe(plain)
    expect(items[1]).toMatchObject({
      body: '[REDACTED]',
      attributes: { user: '[REDACTED]' },
      severityText: 'INFO',
    })
  })

  it('queues nothing when logs are not exported', () => {
    const { queue, items } = recordingQueue<LogRecord>()
    otlpLogProcessor(queue, {}, false).onEmit(record('hello', {}))
    expect(items).toEqual([])
  })
})
