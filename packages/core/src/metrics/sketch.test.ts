import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Sketch } from './sketch.ts'

/** The element of rank floor(q * (n - 1)), the definition the sketch answers for. */
function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!
}

function relativeError(estimate: number, exact: number): number {
  if (exact === 0) return estimate === 0 ? 0 : Number.POSITIVE_INFINITY
  return Math.abs(estimate - exact) / Math.abs(exact)
}

/** Values whose log-key span fits the default 2048 buckets per sign, so no collapsing happens. */
const value = fc.oneof(
  fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
  fc.double({ min: -1e9, max: -1e-6, noNaN: true }),
  fc.constant(0),
)
const quantile = fc.double({ min: 0, max: 1, noNaN: true })
const BOUND = 0.01 + 1e-12

describe('Sketch', () => {
  it('answers every quantile within 1% relative error for random data', () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 400 }),
        fc.array(quantile, { minLength: 1 }),
        (xs, qs) => {
          const sketch = new Sketch()
          for (const x of xs) sketch.add(x)
          const sorted = [...xs].sort((a, b) => a - b)
          for (const q of qs) {
            expect(relativeError(sketch.quantile(q), exactQuantile(sorted, q))).toBeLessThanOrEqual(BOUND)
          }
        },
      ),
    )
  })

  it('merging two sketches equals the sketch of the union, within the bound', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 200 }),
        fc.array(value, { maxLength: 200 }),
        quantile,
        (xs, ys, q) => {
          const a = new Sketch()
          const b = new Sketch()
          const union = new Sketch()
          for (const x of xs) {
            a.add(x)
            union.add(x)
          }
          for (const y of ys) {
            b.add(y)
            union.add(y)
          }
          expect(a.merge(b)).toBe(true)
          expect(a.count).toBe(xs.length + ys.length)
          if (a.count === 0) return
          // Same buckets, same counts: the merged answer is the union's answer exactly.
          expect(a.quantile(q)).toBe(union.quantile(q))
          const sorted = [...xs, ...ys].sort((l, r) => l - r)
          expect(relativeError(a.quantile(q), exactQuantile(sorted, q))).toBeLessThanOrEqual(BOUND)
        },
      ),
    )
  })

  it('is empty-safe and rejects quantiles outside 0..1', () => {
    const sketch = new Sketch()
    expect(sketch.quantile(0.5)).toBeNaN()
    sketch.add(3)
    expect(sketch.quantile(-0.1)).toBeNaN()
    expect(sketch.quantile(1.5)).toBeNaN()
    expect(sketch.quantile(0)).toBe(3)
    expect(sketch.quantile(1)).toBe(3)
  })

  it('refuses to merge sketches of different accuracy', () => {
    const a = new Sketch()
    const b = new Sketch({ relativeAccuracy: 0.05 })
    b.add(1)
    expect(a.merge(b)).toBe(false)
    expect(a.count).toBe(0)
  })

  it('stays within maxBins by collapsing the lowest buckets, keeping upper quantiles accurate', () => {
    const sketch = new Sketch({ maxBins: 64 })
    const xs: number[] = []
    for (let i = 0; i < 5000; i++) xs.push(1.01 ** i)
    for (const x of xs) sketch.add(x)
    expect(sketch.allocatedBins()).toBeLessThanOrEqual(64)
    expect(relativeError(sketch.quantile(0.99), exactQuantile(xs, 0.99))).toBeLessThanOrEqual(BOUND)
    expect(relativeError(sketch.quantile(0.999), exactQuantile(xs, 0.999))).toBeLessThanOrEqual(BOUND)
    // The collapsed low end is where accuracy was given up.
    expect(relativeError(sketch.quantile(0.01), exactQuantile(xs, 0.01))).toBeGreaterThan(BOUND)
  })

  it('clear forgets values and the sketch is reusable', () => {
    const sketch = new Sketch()
    for (let i = 1; i <= 100; i++) sketch.add(i)
    sketch.clear()
    expect(sketch.count).toBe(0)
    sketch.add(7)
    expect(sketch.quantile(0.5)).toBe(7)
  })
})
