import { describe, expect, it } from 'vitest'
import { diffEvent, formatMatch, formatMismatches, formatValue } from './format.ts'

describe('formatValue', () => {
  it('renders values on one line, readably', () => {
    expect(formatValue({ a: 'x', b: [1, null], 'odd-key': true })).toBe(
      '{ a: "x", b: [1, null], "odd-key": true }',
    )
    expect(formatValue(expect.any(Number))).toMatch(/Any<Number>|Number/)
    expect(formatValue((v: number) => v > 3)).toBe('predicate (v) => v > 3')
    expect(formatValue(new Error('nope'))).toBe('Error("nope")')
    expect(formatValue(/x+/g)).toBe('/x+/g')
    expect(formatValue({ a: { b: { c: { d: 1 } } } })).toBe('{ a: { b: { c: {…} } } }')
  })

  it('truncates long strings and long objects', () => {
    expect(formatValue('y'.repeat(500)).length).toBeLessThanOrEqual(80)
    const wide = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]))
    expect(formatValue(wide)).toContain('… 8 more')
  })
})

describe('diffEvent', () => {
  it('lists the differing keys with their paths, recursing into nested objects', () => {
    const mismatches = diffEvent(
      {
        measurements: { count: 3 },
        metadata: { service_id: 'payments', error: { kind: 'timeout' }, to: 'open' },
      },
      { count: 2 },
      { service_id: 'payments', error: { kind: 'refused' }, to: 'open' },
    )
    expect(mismatches).toEqual([
      { path: 'measurements.count', expected: 3, received: 2 },
      { path: 'metadata.error.kind', expected: 'timeout', received: 'refused' },
    ])
    expect(formatMismatches(mismatches)).toBe(
      '    measurements.count   expected 3, received 2\n    metadata.error.kind  expected "timeout", received "refused"',
    )
  })

  it('describes an expectation', () => {
    expect(formatMatch(undefined)).toBe('any measurements and metadata')
    expect(formatMatch({ metadata: { to: 'open' } })).toBe('metadata { to: "open" }')
  })
})
