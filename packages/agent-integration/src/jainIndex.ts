/**
 * Jain's fairness index of `values`: (Σx)² / (n · Σx²), from 1/n (one party has everything) to 1
 * (all equal). NaN when there are no values or all are zero, where fairness is undefined.
 *
 * @example
 * jainIndex([4, 2, 1, 1]) // 64 / 88 ≈ 0.727
 */
export function jainIndex(values: Iterable<number>): number {
  let n = 0
  let sum = 0
  let squares = 0
  for (const value of values) {
    n++
    sum += value
    squares += value * value
  }
  if (n === 0 || squares === 0) return Number.NaN
  return (sum * sum) / (n * squares)
}
