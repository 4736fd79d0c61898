/**
 * Float overflow: a total that passes the largest double saturates to +Inf (what Prometheus
 * expects of a counter that overflowed) and stays there; it never becomes NaN, in cumulative or
 * delta collections, for counters, up-down counters, histogram and summary sums.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ExactSum } from './exactSum.ts'
import { testEngine } from './testDeps.ts'

const HUGE = Number.MAX_VALUE

describe('float overflow', () => {
  it('saturates a counter to +Inf instead of NaN, and keeps it there', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('big')
    c.add(HUGE)
    c.add(HUGE)
    c.add(1)
    c.bind().add(HUGE)
    expect(metrics.collect()[0]?.series[0]?.value).toBe(Number.POSITIVE_INFINITY)
  })

  it('saturates an up-down counter to -Inf on the way down', () => {
    const { metrics } = testEngine()
    const u = metrics.upDownCounter('big')
    u.add(-HUGE)
    u.add(-HUGE)
    u.add(5)
    expect(metrics.collect()[0]?.series[0]?.value).toBe(Number.NEGATIVE_INFINITY)
  })

  it('saturates histogram and summary sums, cumulative and delta', () => {
    const { metrics } = testEngine()
    const h = metrics.histogram('h')
    const s = metrics.summary('s')
    for (let i = 0; i < 3; i++) {
      h.record(HUGE)
      s.record(HUGE)
      const delta = metrics.collect({ temporality: 'delta', reader: 'r' })
      const cumulative = metrics.collect()
      for (const snapshot of [...delta, ...cumulative]) {
        const series = snapshot.series[0]!
        const sum = series.histogram?.sum ?? series.summary?.sum
        expect(Number.isNaN(sum)).toBe(false)
      }
    }
    expect(metrics.collect()[0]?.series[0]?.histogram?.sum).toBe(Number.POSITIVE_INFINITY)
  })

  it('hands delta readers deltas that add up to +Inf, never NaN', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('big')
    let running = 0
    for (let i = 0; i < 4; i++) {
      c.add(HUGE)
      for (const series of metrics.collect({ temporality: 'delta', reader: 'r' })[0]?.series ?? []) {
        expect(Number.isNaN(series.value)).toBe(false)
        running += series.value!
      }
    }
    expect(running).toBe(Number.POSITIVE_INFINITY)
  })

  it('never reads NaN from an exact sum of same-signed finite values, however large (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: HUGE, noNaN: true }), { maxLength: 40 }),
        fc.boolean(),
        (magnitudes, negative) => {
          const sum = new ExactSum()
          for (const m of magnitudes) sum.add(negative ? -m : m)
          expect(Number.isNaN(sum.value())).toBe(false)
        },
      ),
      { seed: 18 },
    )
  })
})
