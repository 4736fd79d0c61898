import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ExactSum } from './exactSum.ts'

describe('exact sums', () => {
  it('reads exactly 1 after adding 0.1 ten times, where naive summation does not', () => {
    const exact = new ExactSum()
    let naive = 0
    for (let i = 0; i < 10; i++) {
      exact.add(0.1)
      naive += 0.1
    }
    expect(exact.value()).toBe(1)
    expect(naive).not.toBe(1)
  })

  it('recovers small terms a naive sum loses against a large one', () => {
    const exact = new ExactSum()
    exact.add(1e16)
    for (let i = 0; i < 100; i++) exact.add(1)
    exact.add(-1e16)
    expect(exact.value()).toBe(100)
  })

  it('equals the exact total of dyadic values whose sum is representable', () => {
    const term = fc.record({
      m: fc.integer({ min: -(2 ** 20), max: 2 ** 20 }),
      e: fc.integer({ min: 0, max: 30 }),
    })
    fc.assert(
      fc.property(fc.array(term, { maxLength: 300 }), (terms) => {
        const exact = new ExactSum()
        let scaled = 0n
        for (const { m, e } of terms) {
          exact.add(m / 2 ** e)
          scaled += BigInt(m) * 2n ** BigInt(30 - e)
        }
        // |scaled| < 2^20 * 2^30 * 300 < 2^59: divide in two steps so the reference is exact.
        const reference = Number(scaled / 2n ** 10n) / 2 ** 20 + Number(scaled % 2n ** 10n) / 2 ** 30
        expect(exact.value()).toBe(reference)
      }),
    )
  })
})
