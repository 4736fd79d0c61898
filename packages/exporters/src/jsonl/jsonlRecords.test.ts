import { describe, expect, it } from 'vitest'
import { makeSpan } from '../../test/otlpSupport.ts'
import { eventRecord, isoTime, spanRecord } from './jsonlRecords.ts'

describe('JSONL records', () => {
  it('writes times as ISO-8601 and a time that is not one as null', () => {
    expect(isoTime(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe('2026-01-02T03:04:05.006Z')
    expect(isoTime(Number.NaN)).toBeNull()
    expect(isoTime(8.64e15 + 1)).toBeNull()
  })

  it('records an event with its measurements and metadata', () => {
    expect(eventRecord(0, 'checkout.done', { count: 1 }, { region: 'eu' })).toEqual({
      type: 'event',
      time: '1970-01-01T00:00:00.000Z',
      name: 'checkout.done',
      measurements: { count: 1 },
      metadata: { region: 'eu' },
    })
  })

  it('records a span with snake_case ids, a null parent for a root, and links as id pairs', () => {
    const span = makeSpan(1)
    const record = spanRecord(span)
    expect(record).toMatchObject({
      type: 'span',
      name: span.name,
      trace_id: span.spanContext.traceId,
      span_id: span.spanContext.spanId,
      parent_span_id: span.parentSpanId ?? null,
      duration_ms: span.duration,
      status: span.status,
    })
    expect(record.end_time).toBe(record.time)
  })
})
