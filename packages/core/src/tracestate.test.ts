import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseTracestate, readTracestate } from './tracestate.ts'

describe('tracestate keys (W3C Trace Context, levels 1 and 2)', () => {
  it('keeps a repeated key once, the first (most recent) member', () => {
    expect(parseTracestate('foo=1,foo=1')).toBe('foo=1')
    expect(parseTracestate('foo=new,bar=2,foo=old')).toBe('foo=new,bar=2')
    expect(readTracestate('foo=1,foo=1').invalid).toBe(1)
  })

  it('accepts `@` anywhere after the first character, as the level 2 key grammar does', () => {
    expect(parseTracestate('foo@=1,bar=2')).toBe('foo@=1,bar=2')
    expect(parseTracestate('tenant@vendor=x,a@b@c=y')).toBe('tenant@vendor=x,a@b@c=y')
  })

  it('accepts keys of up to 256 characters starting with a letter or a digit', () => {
    const letter = `a${'b'.repeat(255)}`
    const digit = `1${'b'.repeat(255)}`
    expect(parseTracestate(`${letter}=1`)).toBe(`${letter}=1`)
    expect(parseTracestate(`${digit}=1`)).toBe(`${digit}=1`)
    // level 1 multi-tenant keys: a 241-character tenant, `@`, a 14-character system
    const tenant = `${'t'.repeat(241)}@${'s'.repeat(14)}`
    expect(parseTracestate(`${tenant}=v`)).toBe(`${tenant}=v`)
  })

  it('drops keys that break the grammar and keeps the rest', () => {
    const tooLong = 'a'.repeat(257)
    for (const bad of [tooLong, 'UPPER', '@foo', '_foo', 'fo o', 'foo.bar', 'föo']) {
      expect(parseTracestate(`${bad}=1,ok=2`), bad).toBe('ok=2')
    }
  })
})

describe('tracestate values', () => {
  it('keeps leading spaces of a value and drops a value that is empty or has a comma-free bad char', () => {
    expect(parseTracestate('a= x,b=2')).toBe('a= x,b=2')
    expect(parseTracestate('a=,b=2')).toBe('b=2')
    expect(parseTracestate('a=x=y,b=2')).toBe('b=2')
    expect(parseTracestate('a=tab\there,b=2')).toBe('b=2')
  })

  it('accepts values of up to 256 characters', () => {
    expect(parseTracestate(`a=${'v'.repeat(256)}`)).toBe(`a=${'v'.repeat(256)}`)
    expect(parseTracestate(`a=${'v'.repeat(257)},b=1`)).toBe('b=1')
  })
})

describe('tracestate list', () => {
  it('ignores spaces and tabs around members and empty members, but not other whitespace', () => {
    expect(parseTracestate(' \ta=1 ,\t, ,b=2\t')).toBe('a=1,b=2')
    expect(parseTracestate('a=1\n,b=2')).toBe('b=2')
    expect(readTracestate(' , ,').value).toBeUndefined()
    expect(readTracestate(' , ,').invalid).toBe(0)
  })

  it('keeps the first 32 valid members', () => {
    const members = Array.from({ length: 40 }, (_, i) => `k${i}=v`)
    const kept = parseTracestate(['BAD=1', ...members].join(',')) as string
    expect(kept.split(',')).toEqual(members.slice(0, 32))
  })

  it('removes members over 128 characters first when the header is over 512', () => {
    const big = `big=${'x'.repeat(200)}`
    const small = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}=${'v'.repeat(12)}`)
    const kept = parseTracestate([big, ...small].join(',')) as string
    expect(kept).toBe(small.join(','))
  })

  it('removes members from the end when no member is large', () => {
    const small = Array.from({ length: 30 }, (_, i) => `k${String(i).padStart(2, '0')}=${'v'.repeat(20)}`)
    const kept = parseTracestate(small.join(',')) as string
    expect(kept.length).toBeLessThanOrEqual(512)
    expect(small.join(',').startsWith(kept)).toBe(true)
  })

  it('keeps exactly the valid, first-seen members within the limits (property)', () => {
    const good = fc.tuple(
      fc.stringMatching(/^[a-z0-9][a-z0-9_\-*/@]{0,6}$/),
      fc.stringMatching(/^[!-+\--<>-~]{1,6}$/),
    )
    const member = fc.oneof(
      good.map(([k, v]) => ({ text: `${k}=${v}`, key: k as string | undefined })),
      fc.constantFrom('BAD=1', 'x', '=1', 'k=', '', ' ', 'k=a,').map((text) => ({ text, key: undefined })),
    )
    fc.assert(
      fc.property(fc.array(member, { maxLength: 40 }), (members) => {
        const header = members.map((m) => m.text).join(',')
        const expected: string[] = []
        const seen = new Set<string>()
        for (const part of header.split(',')) {
          const trimmed = part.trim()
          const eq = trimmed.indexOf('=')
          if (eq <= 0) continue
          const key = trimmed.slice(0, eq)
          if (!/^[a-z0-9][a-z0-9_\-*/@]*$/.test(key) || trimmed.length === eq + 1) continue
          if (trimmed.slice(eq + 1).includes('=') || seen.has(key)) continue
          seen.add(key)
          if (expected.length < 32) expected.push(trimmed)
        }
        const kept = parseTracestate(header)
        expect(kept).toBe(expected.length === 0 ? undefined : expected.join(','))
      }),
    )
  })
})
