/** Settings of {@link nextProbability}. */
export interface AdaptiveControl {
  /** Kept per second wanted. */
  target: number
  /** Relative distance from the target within which the probability stays. */
  tolerance: number
  /** The floor. */
  minProbability: number
}

/**
 * One step of the adaptive controller, a pure function in the manner of Jaeger's
 * percentage-increase-capped calculator: given the probability used over the last interval and
 * the rate of events seen, the probability for the next one.
 *
 * - Within `tolerance` of the target (kept per second = seen per second × p): unchanged.
 * - Nothing seen: doubled (so a quiet name recovers quickly when traffic returns).
 * - Otherwise `p · target / kept`: decreases apply at once, increases at most double per step.
 * - Clamped to [`minProbability`, 1].
 */
export function nextProbability(previous: number, seenPerSecond: number, control: AdaptiveControl): number {
  const { target, tolerance, minProbability } = control
  if (!(seenPerSecond > 0)) return clamp(previous * 2, minProbability)
  const kept = seenPerSecond * previous
  if (Math.abs(kept - target) / target < tolerance) return previous
  let next = (previous * target) / kept
  if (next > previous) next = Math.min(next, previous * 2)
  return clamp(next, minProbability)
}

function clamp(p: number, floor: number): number {
  return Math.min(1, Math.max(floor, p))
}
