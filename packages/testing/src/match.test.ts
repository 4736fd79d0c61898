import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { eventMatchesPattern, isAsymmetricMatcher, matchEvent, matchValue } from './match.ts'

describe('matchValue', () => {
  it('matches plain objects partially and deeply', () => {
    const actual = { a: 1, b: { c: 'x', d: [1, 2] }, e: null }
    expect(matchValue({ a: 1 }, actual)).toBe(true)
    expect(matchValue({ b: { c: 'x' } }, actual)).toBe(true)
    expect(matchValue({ b: { d: [1, 2] } }, actual)).toBe(true)
    expect(matchValue({ b: { d: [1] } }, actual)).toBe(false)
    expect(matchValue({ b: { c: 'y' } }, actual)).toBe(false)
    expect(matchValue({ missing: undefined }, actual)).toBe(true)
    expect(matchValue({ e: null }, actual)).toBe(true)
    expect(matchValue({ a: 1 }, null)).toBe(false)
  })

  it('calls predicates and treats a throwing predicate as a mismatch', () => {
    expect(matchValue((n: number) => n > 3, 4)).toBe(true)
    expect(matchValue((n: number) => n > 3, 2)).toBe(false)
    expect(
      matchValue(() => {
        throw new Error('boom')
      }, 1),
    ).toBe(false)
  })

  it('accepts vitest asymmetric matchers, detected by shape', () => {
    expect(isAsymmetricMatcher(expect.any(Number))).toBe(true)
    expect(isAsymmetricMatcher({ asymmetricMatch: 1 })).toBe(false)
    expect(matchValue({ n: expect.any(Number), s: expect.stringMatching(/^ab/) }, { n: 2, s: 'abc' })).toBe(
      true,
    )
    expect(matchValue({ s: expect.stringMatching(/^ab/) }, { s: 'xab' })).toBe(false)
    expect(matchValue({ asymmetricMatch: () => true }, 'anything')).toBe(true)
  })

  it('tests strings against a RegExp and compares other values with Object.is', () => {
    expect(matchValue(/open|half_open/, 'half_open')).toBe(true)
    expect(matchValue(/^open$/, 'half_open')).toBe(false)
    expect(matchValue(Number.NaN, Number.NaN)).toBe(true)
    expect(matchValue(0, -0)).toBe(false)
    expect(matchValue('1', 1)).toBe(false)
  })

  it('matches any JSON value against itself and any subset of its keys (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.integer({ min: 0, max: 10 }),
        (value, cut) => {
          const subset = Object.fromEntries(Object.entries(value).slice(0, cut))
          return matchValue(value, structuredClone(value)) && matchValue(subset, value)
        },
      ),
    )
  })
})

describe('matchEvent', () => {
  it('checks measurements and metadata, and an absent match matches anything', () => {
    expect(matchEvent(undefined, {}, {})).toBe(true)
    expect(matchEvent({ measurements: { duration: expect.any(Number) } }, { duration: 3 }, {})).toBe(true)
    expect(matchEvent({ metadata: { to: 'open' } }, {}, { to: 'closed' })).toBe(false)
    expect(
      matchEvent({ metadata: (m: Record<string, unknown>) => m.to === 'open' }, {}, { to: 'open' }),
    ).toBe(true)
  })
})

describe('eventMatchesPattern', () => {
  it('handles exact names, prefix patterns and the catch-all', () => {
    expect(eventMatchesPattern('a.b', 'a.b')).toBe(true)
    expect(eventMatchesPattern('a.b', 'a.b.c')).toBe(false)
    expect(eventMatchesPattern('a.b.*', 'a.b.c')).toBe(true)
    expect(eventMatchesPattern('a.b.*', 'a.bc')).toBe(false)
    expect(eventMatchesPattern('*', 'anything.at.all')).toBe(true)
  })
})
