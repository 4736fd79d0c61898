import { beforeEach, describe, expect, it, vi } from 'vitest'

// Every fill the id pool asks for, so a test can compare ids with the bytes they came from, and
// a switch that zeroes the start of the next fill (all-zero ids are invalid in W3C Trace Context).
const fills = vi.hoisted(() => ({ buffers: [] as Uint8Array[], zeroNext: 0 }))
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>()
  return {
    ...actual,
    randomFillSync<TBuffer extends NodeJS.ArrayBufferView>(buffer: TBuffer): TBuffer {
      actual.randomFillSync(buffer)
      const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
      bytes.fill(0, 0, fills.zeroNext)
      fills.zeroNext = 0
      fills.buffers.push(bytes)
      return buffer
    },
  }
})

const { isValidSpanId, isValidTraceId, newRootContext, newSpanId, newTraceId } = await import('./ids.ts')

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

/** Call `make` until the id pool takes a fresh fill; returns that fill and the last result. */
function untilRefill<T>(make: () => T): { pool: Uint8Array; last: T } {
  const before = fills.buffers.length
  let last: T
  do last = make()
  while (fills.buffers.length === before)
  return { pool: fills.buffers.at(-1) as Uint8Array, last }
}

describe('ids', () => {
  beforeEach(() => {
    fills.zeroNext = 0
  })

  it('makes lower-case hex ids of W3C length, unique across chunks and refills', () => {
    const traces = new Set<string>()
    const spans = new Set<string>()
    // 3000 root spans use 72 KB of randomness: 35 hex chunks and 5 refills of the 16 KB pool.
    for (let i = 0; i < 3000; i++) {
      const traceId = newTraceId()
      const spanId = newSpanId()
      expect(traceId).toMatch(/^[0-9a-f]{32}$/)
      expect(spanId).toMatch(/^[0-9a-f]{16}$/)
      traces.add(traceId)
      spans.add(spanId)
    }
    expect(traces.size).toBe(3000)
    expect(spans.size).toBe(3000)
    expect(fills.buffers.length).toBeGreaterThanOrEqual(4)
  })

  it('uses each random byte once, in order, from the crypto source', () => {
    // Drain to the start of a fresh pool, then compare ids with the bytes of that fill.
    const { pool } = untilRefill(newSpanId)
    const used = 8
    const traceId = newTraceId()
    const spanId = newSpanId()
    expect(traceId).toBe(hexOf(pool.subarray(used, used + 16)))
    expect(spanId).toBe(hexOf(pool.subarray(used + 16, used + 24)))
  })

  it('skips random bytes that would make an all-zero span id', () => {
    // The next fill starts with 24 zero bytes: three all-zero span ids in a row.
    fills.zeroNext = 24
    const { pool, last } = untilRefill(newSpanId)
    expect(last).toBe(hexOf(pool.subarray(24, 32)))
    expect(isValidSpanId(last)).toBe(true)
  })

  it('skips random bytes that would make an all-zero trace id', () => {
    fills.zeroNext = 40
    const { pool, last } = untilRefill(newTraceId)
    // Bytes 0..16 and 16..32 are zero; 32..48 has zeros only in its first half, which is valid.
    expect(last).toBe(hexOf(pool.subarray(32, 48)))
    expect(last.startsWith('0'.repeat(16))).toBe(true)
    expect(isValidTraceId(last)).toBe(true)
  })

  it('cuts a root context from the bytes newTraceId then newSpanId would take', () => {
    const { pool } = untilRefill(newSpanId)
    const context = newRootContext()
    expect(context).toEqual({
      traceId: hexOf(pool.subarray(8, 24)),
      spanId: hexOf(pool.subarray(24, 32)),
      traceFlags: 1,
    })
    expect(newSpanId()).toBe(hexOf(pool.subarray(32, 40)))
  })

  it('skips zero bytes in a root context as the separate functions do', () => {
    // The next fill starts with 24 zero bytes: the trace id of the first root context would be zero.
    fills.zeroNext = 24
    const { pool, last: context } = untilRefill(newRootContext)
    expect(context.traceId).toBe(hexOf(pool.subarray(16, 32)))
    expect(context.spanId).toBe(hexOf(pool.subarray(32, 40)))
    expect(isValidTraceId(context.traceId)).toBe(true)
    expect(isValidSpanId(context.spanId)).toBe(true)
  })

  it('validates ids strictly', () => {
    expect(isValidTraceId(newTraceId())).toBe(true)
    expect(isValidSpanId(newSpanId())).toBe(true)
    expect(isValidTraceId('0'.repeat(32))).toBe(false)
    expect(isValidSpanId('0'.repeat(16))).toBe(false)
    expect(isValidTraceId('A'.repeat(32))).toBe(false)
    expect(isValidTraceId('a'.repeat(31))).toBe(false)
    expect(isValidSpanId('a'.repeat(17))).toBe(false)
    expect(isValidSpanId(12)).toBe(false)
  })
})
