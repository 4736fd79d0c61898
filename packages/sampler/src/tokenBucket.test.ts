import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { watchedRejection } from '../../../tooling/testing/hostile.ts'
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

  it('reads a clock that throws or returns a promise as the monotonic clock, and handles the rejection', () => {
    const readings: Array<{ handlers: unknown[] }> = []
    const asyncClock = () => {
      const reading = watchedRejection(new Error('async clock'))
      readings.push(reading)
      return reading.promise as unknown as number
    }
    const throwingClock = () => {
      throw new Error('clock failed')
    }
    for (const clock of [asyncClock, throwingClock]) {
      const bucket = createTokenBucket(1, 2, clock)
      expect(bucket.take()).toBe(true)
      expect(bucket.take()).toBe(true)
      expect(bucket.take()).toBe(false)
    }
    // One reading at creation and three takes, each rejection handled.
    expect(readings.map((reading) => reading.handlers.length)).toEqual([1, 1, 1, 1])
  })
})
