import { describe, expect, it } from 'vitest'
import { positiveOption } from './hostileInput.ts'

describe('positiveOption', () => {
  it('gives a positive finite number as it is, without reporting', () => {
    const invalid: unknown[] = []
    expect(positiveOption(250, 1000, (v) => invalid.push(v))).toBe(250)
    expect(positiveOption(0.5, 1000, (v) => invalid.push(v))).toBe(0.5)
    expect(invalid).toEqual([])
  })

  it('gives the fallback for an unset option, without reporting', () => {
    const invalid: unknown[] = []
    expect(positiveOption(undefined, 1000, (v) => invalid.push(v))).toBe(1000)
    expect(invalid).toEqual([])
  })

  it('gives the fallback and reports the value for anything else', () => {
    const bad = [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '5', null]
    const invalid: unknown[] = []
    for (const value of bad) expect(positiveOption(value, 1000, (v) => invalid.push(v))).toBe(1000)
    expect(invalid).toEqual(bad)
  })

  it('never throws when the reporter is missing or throws', () => {
    expect(positiveOption(-1, 1000, undefined as never)).toBe(1000)
    expect(
      positiveOption(-1, 1000, () => {
        throw new Error('reporter failed')
      }),
    ).toBe(1000)
  })
})
