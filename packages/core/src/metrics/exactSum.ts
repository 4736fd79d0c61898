/**
 * Compensated (Neumaier) summation, so float totals are exact to double precision: adding 0.1
 * ten times reads exactly 1. Series keep two plain number fields (`sum`, `comp`) instead of an
 * object, so the hot path allocates nothing; this module holds the shared arithmetic.
 * A total that overflows saturates to ±Inf (never NaN), as Prometheus expects of a counter.
 */

/**
 * The rounding error of `total = a + b`, to be added to a running compensation term.
 * Callers do `t = sum + x; comp += sumError(sum, x, t); sum = t` and read `sum + comp`.
 */
export function sumError(a: number, b: number, total: number): number {
  // A total past the largest double is ±Inf; its "error" would be Inf - Inf = NaN and poison the
  // compensation for good. Saturate instead: the total stays ±Inf and the compensation finite.
  if (total - total !== 0) return 0
  return Math.abs(a) >= Math.abs(b) ? a - total + b : b - total + a
}

/** A standalone compensated accumulator, for code off the hot path (windows, merges, tests). */
export class ExactSum {
  private sum = 0
  private comp = 0

  /** Add one value. */
  add(value: number): void {
    const t = this.sum + value
    this.comp += sumError(this.sum, value, t)
    this.sum = t
  }

  /** The compensated total. */
  value(): number {
    return this.sum + this.comp
  }

  /** Back to zero. */
  reset(): void {
    this.sum = 0
    this.comp = 0
  }
}
