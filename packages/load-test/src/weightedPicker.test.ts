import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createWeightedPicker } from './weightedPicker.ts'

describe('createWeightedPicker', () => {
  it('splits 70/30 exactly over 10 000 picks', () => {
    const picker = createWeightedPicker([70, 30])
    const counts = [0, 0]
    for (let i = 0; i < 10_000; i++) counts[picker.next()]! += 1
    expect(counts).toEqual([7000, 3000])
  })

  it('keeps every scenario within one pick of its share after any number of picks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 3000 }),
        (weights, picks) => {
          const picker = createWeightedPicker(weights)
          const counts = weights.map(() => 0)
          const total = weights.reduce((a, b) => a + b, 0)
          for (let i = 0; i < picks; i++) counts[picker.next()]! += 1
          for (let i = 0; i < weights.length; i++) {
            expect(Math.abs(counts[i]! - (picks * weights[i]!) / total)).toBeLessThan(weights.length)
          }
        },
      ),
    )
  })

  it('interleaves instead of running one scenario in long streaks', () => {
    const picker = createWeightedPicker([2, 1])
    const seq = Array.from({ length: 9 }, () => picker.next())
    expect(seq).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 0])
  })
})
