import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createTokenBucket } from './tokenBucket.ts'

describe('token bucket', () => {
  // With a burst of at least 2 a drained bucket is never full at a poll, so nothing is capped
  // away; a bucket of one token that fills between two polls loses the overshoot, as any would.
  it('grants exactly burst + floor(perSecond × elapsed) when asked every millisecond', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 0, max: 5000 }),
        (perSecond, burst, elapsed) => {
          let now = 0
          const bucket = createTokenBucket(perSecond, burst, () => now)
          let granted = 0
          for (now = 0; now <= elapsed; now++) while (bucket.take()) granted++
          expect(granted).toBe(burst + Math.floor((perSecond * elapsed) / 1000))
        },
      ),
    )
  })
})
