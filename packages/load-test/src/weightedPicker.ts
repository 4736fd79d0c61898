/**
 * Weighted scenario choice that is exact over any stretch of iterations: smooth weighted
 * round-robin (each pick adds every weight to its credit and takes the total from the winner's).
 * After n picks each scenario has been chosen within one of `n * weight / total` times, so a
 * 70/30 split is 70/30 after 100 iterations, not only on average. The interleaving is even
 * (R R W R R W R ...), never long runs of one scenario.
 */

/** Picks scenario indexes in proportion to their weights. */
export interface WeightedPicker {
  /** The next scenario index. */
  next(): number
}

/** A picker over positive `weights`. */
export function createWeightedPicker(weights: readonly number[]): WeightedPicker {
  const n = weights.length
  if (n === 1) return { next: () => 0 }
  const credit = new Float64Array(n)
  let total = 0
  for (const w of weights) total += w
  return {
    next() {
      let best = 0
      for (let i = 0; i < n; i++) {
        credit[i] = credit[i]! + weights[i]!
        if (credit[i]! > credit[best]!) best = i
      }
      credit[best] = credit[best]! - total
      return best
    },
  }
}
