import { telemetry } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import cacheLoadTest from '../../../examples/cache-load-test.ts'
import { runLoadTest } from '../src/runLoadTest.ts'

describe('the cache example', { timeout: 60_000 }, () => {
  it('splits 70/25/5 over pre-populated keys, reads mostly hit, and passes its thresholds', async () => {
    let hits = 0
    let misses = 0
    telemetry.attach('example-test', ['foundation.cache.hit', 'foundation.cache.miss'], (event) => {
      if (event === 'foundation.cache.hit') hits++
      else misses++
    })
    try {
      const report = await runLoadTest({
        ...cacheLoadTest,
        // Bounded by count, so the test does not depend on how fast the machine is.
        executor: { type: 'constant-vus', vus: 4, duration: '1m', iterations: 20_000 },
        warmup: 0,
        thresholds: ['error_rate<0.01', 'count==20000'],
      })
      expect(report.passed).toBe(true)
      expect(report.scenarios.read!.count).toBe(14_000)
      expect(report.scenarios.write!.count).toBe(5000)
      expect(report.scenarios.invalidate!.count).toBe(1000)
      // Every key was filled in setup; only invalidated ones miss.
      expect(hits + misses).toBe(14_000)
      expect(hits / (hits + misses)).toBeGreaterThan(0.8)
    } finally {
      telemetry.detach('example-test')
    }
  })
})
