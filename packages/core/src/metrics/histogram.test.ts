import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultBuckets } from './defaultBuckets.ts'
import { EXEMPLAR_EVERY } from './histogram.ts'
import { testEngine } from './testDeps.ts'

const SAMPLED = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }

describe('histogram', () => {
  it('counts per bucket (le bounds, not cumulative) with exact sum, count, min, max', () => {
    const { metrics } = testEngine()
    const h = metrics.histogram('op.duration', { unit: 'ms', buckets: [10, 100] })
    for (const v of [1, 10, 10.5, 100, 1000, 0.1, 0.1, 0.1]) h.record(v)
    const data = metrics.collect()[0]?.series[0]?.histogram
    expect(data).toMatchObject({ bounds: [10, 100], counts: [5, 2, 1], count: 8, min: 0.1, max: 1000 })
    expect(data?.sum).toBe(1121.8)
  })

  it('puts every value in the first bucket whose bound is >= it, for short (scanned) and long (searched) bound lists', () => {
    const boundsArb = fc
      .uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 40 })
      .map((xs) => xs.sort((a, b) => a - b))
    const valuesArb = fc.array(
      fc.oneof(fc.integer({ min: -1100, max: 1100 }), fc.double({ min: -1100, max: 1100, noNaN: true })),
      { maxLength: 60 },
    )
    fc.assert(
      fc.property(boundsArb, valuesArb, (bounds, values) => {
        const { metrics } = testEngine()
        const h = metrics.histogram('x', { buckets: bounds })
        const expected = new Array<number>(bounds.length + 1).fill(0)
        for (const v of values) {
          h.record(v)
          const i = bounds.findIndex((b) => v <= b)
          expected[i === -1 ? bounds.length : i]!++
        }
        if (values.length === 0) return
        expect(metrics.collect()[0]?.series[0]?.histogram?.counts).toEqual(expected)
      }),
    )
  })

  it('counts each value in the first bucket whose bound is at least it, with or without the sketch', () => {
    // Positive bounds, some pairs a hair apart; values on, just beside and far from them.
    const boundsArb = fc
      .array(
        fc.tuple(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.constantFrom(0, 1e-9, 1e-4, 0.005)),
        { minLength: 1, maxLength: 30 },
      )
      .map((pairs) =>
        [...new Set(pairs.flatMap(([b, d]) => (d === 0 ? [b] : [b, b * (1 + d)])))].sort((x, y) => x - y),
      )
    const valuesArb = (bounds: number[]) =>
      fc.array(
        fc.oneof(
          fc.double({ min: -10, max: 2e6, noNaN: true }),
          fc.constantFrom(...bounds),
          fc.constantFrom(...bounds).map((b) => b * (1 + Number.EPSILON)),
          fc.constantFrom(...bounds).map((b) => b * (1 - Number.EPSILON)),
          fc.constantFrom(0, 5e-324, 1e-300, 1e300),
        ),
        { minLength: 1, maxLength: 80 },
      )
    fc.assert(
      fc.property(
        boundsArb.chain((bounds) => fc.tuple(fc.constant(bounds), valuesArb(bounds), fc.boolean())),
        ([bounds, values, sketch]) => {
          const { metrics } = testEngine()
          const h = metrics.histogram('bucketed', { buckets: bounds, sketch })
          const expected = new Array<number>(bounds.length + 1).fill(0)
          for (const v of values) {
            h.record(v)
            const i = bounds.findIndex((b) => v <= b)
            expected[i === -1 ? bounds.length : i]!++
          }
          expect(metrics.collect()[0]?.series[0]?.histogram?.counts).toEqual(expected)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('uses unit-suited default buckets', () => {
    expect(defaultBuckets('ms')).toEqual([
      5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
    ])
    expect(defaultBuckets('s')[0]).toBe(0.005)
    expect(defaultBuckets('By')[0]).toBe(1024)
    expect(defaultBuckets('By')[1]).toBe(4096)
    const { metrics } = testEngine()
    metrics.histogram('payload.size', { unit: 'By' }).record(2000)
    expect(metrics.collect()[0]?.series[0]?.histogram?.bounds).toEqual(defaultBuckets('By'))
  })

  it('reports invalid buckets and falls back to the defaults', () => {
    const { metrics, errors } = testEngine()
    metrics.histogram('h', { unit: 'ms', buckets: [5, 1] }).record(1)
    expect(errors[0]?.details).toMatchObject({ option: 'buckets' })
    expect(metrics.collect()[0]?.series[0]?.histogram?.bounds).toEqual(defaultBuckets('ms'))
  })

  it('reports sketch quantiles within 1% by default, none when the sketch is off', () => {
    const { metrics } = testEngine()
    const h = metrics.histogram('lat', { unit: 'ms' })
    const off = metrics.histogram('lat.plain', { unit: 'ms', sketch: false })
    for (let i = 1; i <= 1000; i++) {
      h.record(i)
      off.record(i)
    }
    const [withSketch, plain] = metrics.collect()
    const quantiles = withSketch?.series[0]?.histogram?.quantiles ?? []
    expect(quantiles.map((q) => q.quantile)).toEqual([0.5, 0.9, 0.99])
    for (const { quantile, value } of quantiles) {
      const exact = Math.floor(quantile * 999) + 1
      expect(Math.abs(value - exact) / exact).toBeLessThanOrEqual(0.01)
    }
    expect(plain?.series[0]?.histogram?.quantiles).toBeUndefined()
  })

  it('keeps an exemplar of a recent sample recorded under a sampled span', () => {
    const { metrics, span, clock } = testEngine()
    const h = metrics.histogram('ex', { unit: 'ms', buckets: [10] })
    h.record(1)
    span.current = { ...SAMPLED, traceFlags: 0 }
    for (let i = 0; i < EXEMPLAR_EVERY; i++) h.record(2)
    expect(metrics.collect()[0]?.series[0]?.exemplars).toBeUndefined()
    span.current = SAMPLED
    clock.advance(5)
    for (let i = 0; i < EXEMPLAR_EVERY; i++) h.record(50)
    const exemplars = metrics.collect()[0]?.series[0]?.exemplars
    expect(exemplars).toEqual([
      { value: 50, time: clock.now(), traceId: SAMPLED.traceId, spanId: SAMPLED.spanId },
    ])
  })

  it('looks up the active span only once every EXEMPLAR_EVERY records', () => {
    let lookups = 0
    const { metrics } = testEngine([], {
      activeSpanContext: () => {
        lookups++
        return undefined
      },
    })
    const h = metrics.histogram('cheap')
    for (let i = 0; i < EXEMPLAR_EVERY * 10; i++) h.record(i)
    expect(lookups).toBe(10)
  })

  it('rejects non-finite values', () => {
    const { metrics, errors } = testEngine()
    const h = metrics.histogram('h2')
    h.record(Number.NaN)
    h.bind({ a: 1 }).record(Number.POSITIVE_INFINITY)
    expect(errors).toHaveLength(2)
    expect(metrics.collect()[0]?.series).toEqual([])
  })
})
