/**
 * A token bucket on a monotonic clock: `perSecond` tokens a second, at most `burst` held. Kept as
 * a theoretical arrival time (the generic cell rate algorithm) rather than a token count, so
 * refills carry no rounding: asked every millisecond of `d`, a bucket of burst >= 2 grants
 * `burst + floor(perSecond·d/1000)`, exactly on a manual clock.
 */
export interface TokenBucket {
  /** Take one token if there is one. */
  take(): boolean
}

/** Create a full bucket. `now` reads monotonic milliseconds. */
export function createTokenBucket(perSecond: number, burst: number, now: () => number): TokenBucket {
  // Time is counted in units of 1/perSecond ms, so a token is 1000 units: with integer rates and
  // integer milliseconds every quantity is an integer and sums carry no rounding.
  const tolerance = (Math.max(1, burst) - 1) * 1000
  let tat = now() * perSecond
  return {
    take() {
      const t = now() * perSecond
      if (t < tat - tolerance) return false
      tat = Math.max(tat, t) + 1000
      return true
    },
  }
}
