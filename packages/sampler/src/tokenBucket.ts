import { dropRejection } from '@foundation-telemetry/core'

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
  // Validated here, once, so `take` stays a few arithmetic operations: a missing clock is the
  // monotonic clock, a rate or burst that is not a number is 0 tokens a second and a burst of 1.
  if (typeof now !== 'function') now = () => performance.now()
  if (typeof perSecond !== 'number' || !(perSecond >= 0) || !Number.isFinite(perSecond)) perSecond = 0
  if (typeof burst !== 'number' || Number.isNaN(burst)) burst = 1
  const read = now
  // Time is counted in units of 1/perSecond ms, so a token is 1000 units: with integer rates and
  // integer milliseconds every quantity is an integer and sums carry no rounding.
  const tolerance = (Math.max(1, burst) - 1) * 1000
  let tat = readNow(read) * perSecond
  return {
    take() {
      const t = readNow(read) * perSecond
      if (t < tat - tolerance) return false
      tat = Math.max(tat, t) + 1000
      return true
    },
  }
}

/**
 * The caller's clock, a failure of which reads as the monotonic clock: never a throw, and an
 * `async` clock's rejection is dropped rather than left unhandled.
 */
function readNow(now: () => number): number {
  try {
    const value: unknown = now()
    if (typeof value === 'number') return value
    dropRejection(value)
    return performance.now()
  } catch {
    return performance.now()
  }
}
