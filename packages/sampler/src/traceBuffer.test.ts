import {
  createManualClock,
  createTelemetry,
  type ReadableSpan,
  SpanStatusCode,
} from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { spanCollector } from '../test/spanCollector.ts'
import { estimateSpanBytes } from './spanBytes.ts'
import { TraceBuffer, type TraceBufferLimits } from './traceBuffer.ts'

/** Two finished traces: `a` (a root and a child that erred) and `b` (a child whose root is elsewhere). */
function spans(): { a: ReadableSpan[]; b: ReadableSpan[] } {
  const clock = createManualClock()
  const t = createTelemetry({ clock })
  const out = spanCollector()
  t.addSpanProcessor(out)
  const root = t.startSpan('a.root', { attributes: { tier: 'gold' } })
  t.withContext(root, () => {
    const child = t.startSpan('a.child')
    child.setStatus({ code: SpanStatusCode.ERROR })
    clock.advance(5)
    child.end()
  })
  root.end()
  const remoteParent = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: 1,
  }
  t.startSpan('b.child', { parent: remoteParent }).end()
  return { a: out.spans.slice(0, 2), b: out.spans.slice(2) }
}

const limits = (over: Partial<TraceBufferLimits> = {}): TraceBufferLimits => ({
  waitMs: 100,
  maxAgeMs: 5000,
  maxBytes: 1_000_000,
  rules: [],
  ...over,
})

const bytesOf = (list: ReadableSpan[]) => list.reduce((n, s) => n + estimateSpanBytes(s), 0)

describe('TraceBuffer', () => {
  it('groups spans by trace and counts their estimated bytes', () => {
    const { a, b } = spans()
    const buffer = new TraceBuffer(limits())
    for (const span of [...a, ...b]) buffer.add(span, 0)
    expect(buffer.size).toBe(2)
    expect(buffer.bytes).toBe(bytesOf([...a, ...b]))
    const traces = [...buffer.entries()]
    expect(traces.map(([, trace]) => trace.spans.length)).toEqual([2, 1])
    expect(traces[0]?.[1]).toMatchObject({ error: true, rootEnded: true, bytes: bytesOf(a) })
  })

  it('makes a trace due the wait after its root ends, else the maximum age after its first span', () => {
    const { a, b } = spans()
    const buffer = new TraceBuffer(limits())
    buffer.add(b[0]!, 10)
    for (const span of a) buffer.add(span, 20)
    expect([...buffer.entries()].map(([, trace]) => trace.due)).toEqual([5010, 120])
  })

  it('matches the attribute rules as spans arrive', () => {
    const { a } = spans()
    const rules = [{ name: 'gold', key: 'tier', values: ['gold'], pattern: undefined }]
    const buffer = new TraceBuffer(limits({ rules }))
    for (const span of a) buffer.add(span, 0)
    expect(buffer.oldest()?.[1].matched).toBe('gold')
  })

  it('is over its bound only past maxBytes; the oldest is the first trace to arrive', () => {
    const { a, b } = spans()
    const buffer = new TraceBuffer(limits({ maxBytes: bytesOf(b) }))
    expect(buffer.overBound).toBe(false)
    expect(buffer.oldest()).toBeUndefined()
    buffer.add(b[0]!, 0)
    expect(buffer.overBound).toBe(false)
    buffer.add(a[0]!, 0)
    expect(buffer.overBound).toBe(true)
    expect(buffer.oldest()?.[0]).toBe(b[0]?.spanContext.traceId)
  })

  it('a removed trace takes its bytes with it, and removing while iterating visits the rest', () => {
    const { a, b } = spans()
    const buffer = new TraceBuffer(limits())
    for (const span of [...a, ...b]) buffer.add(span, 0)
    const visited: string[] = []
    for (const [id, trace] of buffer.entries()) {
      visited.push(id)
      buffer.remove(id, trace)
    }
    expect(visited).toEqual([a[0]?.spanContext.traceId, b[0]?.spanContext.traceId])
    expect([buffer.size, buffer.bytes]).toEqual([0, 0])
  })
})
