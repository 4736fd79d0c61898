/**
 * A token bucket on a monotonic clock: `perSecond` tokens a second, at most `burst` held. Exact
 * on a manual clock: over `d` ms from full, it grants `burst + floor(perSecond·d/1000)`.
 */
export interface TokenBucket {
  /** Take one token if there is one. */
  take(): boolean
}

/** Create a full bucket. `now` reads monotonic milliseconds. */
export function createTokenBucket(perSecond: number, burst: number, now: () => number): TokenBucket {
  let tokens = burst
  let last = now()
  const perMs = perSecond / 1000
  return {
    take() {
      const t = now()
      if (t > last) {
        tokens = Math.min(burst, tokens + (t - last) * perMs)
        last = t
      }
      if (tokens >= 1) {
        tokens -= 1
        return true
      }
      return false
    },
  }
}
