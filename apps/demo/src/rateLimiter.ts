/**
 * A simulated token-bucket rate limiter: `capacity` tokens refilled at `ratePerSecond`; a
 * request without a token is throttled (`foundation.rate_limiter.throttled`).
 */
import type { Telemetry } from '@foundation-telemetry/core'

/** A token bucket. */
export interface RateLimiter {
  /** Take a token if there is one; emits `allowed` or `throttled`. */
  tryAcquire(): boolean
}

/** Create a limiter called `name` on `t`'s clock. */
export function createRateLimiter(
  t: Telemetry,
  name: string,
  ratePerSecond: number,
  capacity: number,
): RateLimiter {
  let tokens = capacity
  let refilled = t.clock.monotonic()
  return {
    tryAcquire() {
      const now = t.clock.monotonic()
      tokens = Math.min(capacity, tokens + ((now - refilled) / 1000) * ratePerSecond)
      refilled = now
      if (tokens >= 1) {
        tokens -= 1
        t.execute(
          'foundation.rate_limiter.allowed',
          { remaining: Math.floor(tokens), limit: capacity },
          { limiter: name },
        )
        return true
      }
      const retryAfter = ((1 - tokens) / ratePerSecond) * 1000
      t.execute(
        'foundation.rate_limiter.throttled',
        { retry_after: retryAfter, limit: capacity },
        { limiter: name },
      )
      return false
    },
  }
}
