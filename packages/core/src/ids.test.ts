import { describe, expect, it } from 'vitest'
import { isValidSpanId, isValidTraceId, newSpanId, newTraceId } from './ids.ts'

describe('ids', () => {
  it('makes lower-case hex ids of W3C length, unique across pool refills', () => {
    const traces = new Set<string>()
    const spans = new Set<string>()
    // 2000 ids cross the 2 KB pool boundary many times.
    for (let i = 0; i < 2000; i++) {
      const traceId = newTraceId()
      const spanId = newSpanId()
      expect(traceId).toMatch(/^[0-9a-f]{32}$/)
      expect(spanId).toMatch(/^[0-9a-f]{16}$/)
      traces.add(traceId)
      spans.add(spanId)
    }
    expect(traces.size).toBe(2000)
    expect(spans.size).toBe(2000)
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
