import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jainIndex } from './jainIndex.ts'

describe('jainIndex', () => {
  it('gives 64/88 for wins of 4, 2, 1 and 1', () => {
    expect(jainIndex([4, 2, 1, 1])).toBe(64 / 88)
  })

  it('is 1 for an even spread and 1/n when one party has everything', () => {
    expect(jainIndex([3, 3, 3])).toBe(1)
    expect(jainIndex([5, 0, 0, 0])).toBe(0.25)
  })

  it('is undefined (NaN) with no parties or no wins', () => {
    expect(jainIndex([])).toBeNaN()
    expect(jainIndex([0, 0])).toBeNaN()
  })

  it('lies in [1/n, 1] and ignores the order and the scale of the values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 7 }),
        (wins, k) => {
          fc.pre(wins.some((w) => w > 0))
          const index = jainIndex(wins)
          expect(index).toBeGreaterThanOrEqual(1 / wins.length - 1e-12)
          expect(index).toBeLessThanOrEqual(1 + 1e-12)
          expect(jainIndex([...wins].reverse())).toBeCloseTo(index, 12)
          expect(jainIndex(wins.map((w) => w * k))).toBeCloseTo(index, 12)
        },
      ),
    )
  })
})
