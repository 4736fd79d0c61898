import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { backoffDelay, isRetryableStatus, retryPolicy } from './retry.ts'

describe('retry rules', () => {
  it('retries only 429, 502, 503 and 504', () => {
    const retryable = Array.from({ length: 500 }, (_, i) => 100 + i).filter(isRetryableStatus)
    expect(retryable).toEqual([429, 502, 503, 504])
  })

  it('keeps every backoff within ±jitter of the capped exponential base', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, random, jitter) => {
          const policy = retryPolicy({ random: () => random, jitter })
          const base = Math.min(5000, 1000 * 1.5 ** (attempt - 1))
          const delay = backoffDelay(attempt, policy)
          expect(delay).toBeGreaterThanOrEqual(base * (1 - jitter) - 1e-9)
          expect(delay).toBeLessThanOrEqual(base * (1 + jitter) + 1e-9)
        },
      ),
    )
  })
})
