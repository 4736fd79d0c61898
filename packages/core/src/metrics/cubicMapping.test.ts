import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cubicKey, cubicValue, keyMultiplier } from './cubicMapping.ts'
import { Sketch } from './sketch.ts'

const MIN_NORMAL = 2.2250738585072014e-308
const BOUND = 0.01 + 1e-12

function relativeError(estimate: number, exact: number): number {
  return Math.abs(estimate - exact) / Math.abs(exact)
}

describe('cubicKey / cubicValue', () => {
  for (const a of [0.01, 0.001, 0.05]) {
    const gamma = (1 + a) / (1 - a)
    const m = keyMultiplier(gamma)

    it(`keeps every value within ${a} of its bucket's representative, over every magnitude`, () => {
      const normal = fc.double({ min: MIN_NORMAL, max: Number.MAX_VALUE, noNaN: true })
      fc.assert(
        fc.property(normal, (v) => {
          expect(relativeError(cubicValue(cubicKey(v, m), m), v)).toBeLessThanOrEqual(a + 1e-12)
        }),
        { numRuns: 5000 },
      )
    })

    it(`is monotone and within ${a} at dense samples of each decade, incl. tiny values`, () => {
      let previous = Number.NEGATIVE_INFINITY
      for (let exp = -307; exp <= 307; exp++) {
        for (let i = 0; i < 50; i++) {
          const v = (1 + i * 0.18) * 10 ** exp
          const key = cubicKey(v, m)
          expect(key).toBeGreaterThanOrEqual(previous)
          previous = key
          expect(relativeError(cubicValue(key, m), v)).toBeLessThanOrEqual(a + 1e-12)
        }
      }
      for (const v of [MIN_NORMAL, MIN_NORMAL * 1.5, 1e-307, Number.MAX_VALUE]) {
        expect(relativeError(cubicValue(cubicKey(v, m), m), v)).toBeLessThanOrEqual(a + 1e-12)
      }
    })

    it(`holds at bucket edges (values adjacent to a key change) for a = ${a}`, () => {
      // Walk the binade [1, 2) and the one below 1: each value next to where the key changes.
      for (const start of [1, 0.5, 1024]) {
        let v = start
        let key = cubicKey(v, m)
        while (v < start * 2) {
          const next = v * (1 + a / 50)
          const nextKey = cubicKey(next, m)
          if (nextKey !== key) {
            expect(relativeError(cubicValue(key, m), v)).toBeLessThanOrEqual(a + 1e-12)
            expect(relativeError(cubicValue(nextKey, m), next)).toBeLessThanOrEqual(a + 1e-12)
          }
          v = next
          key = nextKey
        }
      }
    })

    it(`costs at most 2% more buckets than an exact log mapping for a = ${a}`, () => {
      const perBinade = cubicKey(2 ** 20, m) - cubicKey(2 ** 10, m)
      const exact = (10 * Math.LN2) / Math.log(gamma)
      expect(perBinade).toBeLessThanOrEqual(exact * 1.02 + 1)
      expect(perBinade).toBeGreaterThanOrEqual(exact)
    })
  }
})

describe('Sketch with the cubic mapping', () => {
  it('answers within 1% for tiny, huge, negative and zero values together', () => {
    const xs = [
      0,
      0,
      -3e-300,
      -1.5,
      -2e12,
      MIN_NORMAL * 3,
      1e-300,
      4.9e-200,
      1e-9,
      1,
      3.7,
      12345.678,
      9e200,
      1e307,
    ]
    // maxBins large enough that values 600 decades apart do not collapse.
    const sketch = new Sketch({ maxBins: 1 << 17 })
    for (const x of xs) sketch.add(x)
    const sorted = [...xs].sort((l, r) => l - r)
    for (let i = 0; i < sorted.length; i++) {
      const q = i / (sorted.length - 1)
      const exact = sorted[i]!
      const estimate = sketch.quantile(q)
      if (exact === 0) expect(estimate).toBe(0)
      else expect(relativeError(estimate, exact)).toBeLessThanOrEqual(BOUND)
    }
  })

  it('counts subnormal values as zero', () => {
    const sketch = new Sketch()
    sketch.add(5e-324)
    sketch.add(-1e-310)
    expect(sketch.zeroCount).toBe(2)
  })
})
