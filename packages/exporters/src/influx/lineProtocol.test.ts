import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeKey, escapeMeasurement, formatPoint, nanoseconds, quoteString } from './lineProtocol.ts'

/** A reader of escaped keys as VictoriaMetrics and InfluxDB read them: `\` + special is the special. */
function unescapeKey(text: string): string {
  return text.replace(/\\([\\,= ])/g, '$1')
}

describe('line protocol escaping', () => {
  it('escapes commas, equals signs and spaces in keys, and doubles a backslash only where it would escape', () => {
    expect(escapeKey('a b,c=d')).toBe('a\\ b\\,c\\=d')
    expect(escapeKey('back\\slash')).toBe('back\\slash')
    expect(escapeKey('trail\\')).toBe('trail\\\\')
    expect(escapeKey('x\\,y')).toBe('x\\\\\\,y')
  })

  it('never leaves an unescaped separator in a key, and reads back to the input without newlines', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', ',', '=', '\\', '"', '\n', 'é') }), (text) => {
        const escaped = escapeKey(text)
        // Every separator is preceded by an odd run of backslashes.
        expect(/(^|[^\\])(\\\\)*[,= ]/.test(escaped)).toBe(false)
        expect(escaped.includes('\n')).toBe(false)
        expect(unescapeKey(escaped)).toBe(text.replace(/\n/g, ' '))
      }),
    )
  })

  it('escapes measurements without touching equals signs, and never starts a comment', () => {
    expect(escapeMeasurement('a b,c=d')).toBe('a\\ b\\,c=d')
    expect(escapeMeasurement('#not a comment').startsWith('#')).toBe(false)
  })

  it('quotes string fields with quotes and backslashes escaped', () => {
    expect(quoteString('say "hi" \\o/')).toBe('"say \\"hi\\" \\\\o/"')
  })

  it('writes nanoseconds exactly, without float overflow', () => {
    expect(nanoseconds(1_700_000_000_123.5)).toBe('1700000000123500000')
    expect(nanoseconds(0)).toBe('0')
  })

  it('formats field types and leaves out values the protocol cannot carry', () => {
    expect(
      formatPoint({
        measurement: 'm',
        tags: { b: '2', a: '1', empty: '' },
        fields: { f: { float: 1.5 }, i: { int: 3 }, s: 'x', ok: true, nan: { float: Number.NaN } },
        time: 1000,
      }),
    ).toBe('m,a=1,b=2 f=1.5,i=3i,s="x",ok=t 1000000000')
    expect(
      formatPoint({ measurement: 'm', tags: {}, fields: { inf: { float: Infinity } }, time: 0 }),
    ).toBeUndefined()
  })
})
