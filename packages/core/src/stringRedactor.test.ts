import { describe, expect, it } from 'vitest'
import type { TelemetryError } from './errors.ts'
import { REDACT_MAX_STRING_LENGTH, StringRedactor } from './stringRedactor.ts'

function strings(patterns: ConstructorParameters<typeof StringRedactor>[0]) {
  const errors: TelemetryError[] = []
  return { strings: new StringRedactor(patterns, '***', (e) => errors.push(e)), errors }
}

describe('StringRedactor', () => {
  it('replaces every match of every pattern, in order, with the replacement', () => {
    const { strings: s } = strings([{ pattern: /order-\d+/g }, { pattern: /\*\*\* again/g }])
    expect(s.redact('order-1 and order-22')).toBe('*** and ***')
    // The second pattern sees the first one's output.
    expect(s.redact('order-7 again')).toBe('***')
  })

  it("keeps a match its pattern's check rejects", () => {
    const { strings: s } = strings([{ pattern: /\d{4}/g, check: (m) => m.startsWith('9') }])
    expect(s.redact('1234 9876 5555')).toBe('1234 *** 5555')
  })

  it('passes strings shorter than six characters unscanned', () => {
    const { strings: s } = strings([{ pattern: /a/g }])
    expect(s.redact('aaaaa')).toBe('aaaaa')
    expect(s.redact('aaaaaa')).toBe('******************')
  })

  it('answers a repeated string from its cache with the same result', () => {
    let checks = 0
    const { strings: s } = strings([{ pattern: /secret\w*/g, check: () => ++checks > 0 }])
    expect(s.redact('my secretValue')).toBe('my ***')
    expect(s.redact('my secretValue')).toBe('my ***')
    expect(checks).toBe(1)
  })

  it('scans strings longer than the cache holds every time', () => {
    let checks = 0
    const { strings: s } = strings([{ pattern: /secret/g, check: () => ++checks > 0 }])
    const long = `${'z'.repeat(300)} secret`
    expect(s.redact(long)).toBe(`${'z'.repeat(300)} ***`)
    expect(s.redact(long)).toBe(`${'z'.repeat(300)} ***`)
    expect(checks).toBe(2)
  })

  it('cuts a string past the bound before matching, says how much in the value, and reports once', () => {
    const { strings: s, errors } = strings([{ pattern: /secret/g }])
    const long = `secret ${'x'.repeat(REDACT_MAX_STRING_LENGTH)} secret`
    const out = s.redact(long)
    expect(out.startsWith('*** ')).toBe(true)
    expect(out.endsWith(`...[truncated ${long.length - REDACT_MAX_STRING_LENGTH} chars]`)).toBe(true)
    expect(out).not.toContain('secret')
    s.redact(long)
    expect(errors.map((e) => [e.code, e.details.reason])).toEqual([['data_dropped', 'string_too_long']])
  })

  it('scan applies the patterns without cache or bound', () => {
    const { strings: s } = strings([{ pattern: /b/g }])
    expect(s.scan('abc')).toBe('a***c')
  })
})
