import { describe, expect, it } from 'vitest'
import { seededRandom as mulberry32 } from '../../../../tooling/testing/seededRandom.ts'
import { testEngine } from './testDeps.ts'

/** A seeded generator, so the sample is the same on every run. */
function lognormal(random: () => number, mu: number, sigma: number): number {
  const u = 1 - random()
  const v = random()
  return Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v))
}

describe('summary', () => {
  it('p50/p90/p99 of 100k lognormal samples are within 1% of the exact quantiles', () => {
    const { metrics } = testEngine()
    const s = metrics.summary('llm.latency', { unit: 'ms' })
    const random = mulberry32(42)
    const samples: number[] = []
    for (let i = 0; i < 100_000; i++) {
      const x = lognormal(random, 5, 1)
      samples.push(x)
      s.record(x)
    }
    samples.sort((a, b) => a - b)
    const data = metrics.collect()[0]?.series[0]?.summary
    expect(data?.count).toBe(100_000)
    expect(data?.quantiles.map((q) => q.quantile)).toEqual([0.5, 0.9, 0.99])
    for (const { quantile, value } of data?.quantiles ?? []) {
      const exact = samples[Math.floor(quantile * (samples.length - 1))]!
      expect(Math.abs(value - exact) / exact).toBeLessThanOrEqual(0.01)
    }
  })

  it('forgets samples older than the window but keeps cumulative sum and count', () => {
    const { metrics, clock } = testEngine()
    const s = metrics.summary('job.duration', { unit: 'ms', window: 60_000, ageBuckets: 3, quantiles: [0.5] })
    for (let i = 0; i < 100; i++) s.record(1000)
    clock.advance(70_000)
    for (let i = 0; i < 100; i++) s.record(10)
    let data = metrics.collect()[0]?.series[0]?.summary
    expect(data?.quantiles[0]?.value).toBeCloseTo(10, 0)
    expect(data).toMatchObject({ count: 200, sum: 101_000 })
    clock.advance(120_000)
    data = metrics.collect()[0]?.series[0]?.summary
    expect(data?.quantiles[0]?.value).toBeNaN()
    expect(data?.count).toBe(200)
  })

  it('reports bad options and uses the defaults', () => {
    const { metrics, errors } = testEngine()
    const s = metrics.summary('bad', { window: -1, ageBuckets: 0.5, quantiles: [2] })
    s.record(1)
    expect(errors.map((e) => String(e.details.option)).sort()).toEqual(['ageBuckets', 'quantiles', 'window'])
    expect(metrics.collect()[0]?.series[0]?.summary?.quantiles).toHaveLength(3)
  })
})
