/**
 * Default histogram bucket bounds by unit, and the default reported quantiles. Durations are
 * milliseconds inside the process, so `ms` is the common case.
 */
import type { Unit } from './types.ts'

const MS: readonly number[] = [5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000]
const SECONDS: readonly number[] = MS.map((b) => b / 1000)
/** Powers of 4 from 1 KiB to 1 GiB. */
const BYTES: readonly number[] = Array.from({ length: 11 }, (_, i) => 1024 * 4 ** i)
const DIMENSIONLESS: readonly number[] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000]

/** Quantiles reported by summaries and histogram sketches unless told otherwise. */
export const DEFAULT_QUANTILES: readonly number[] = [0.5, 0.9, 0.99]

/**
 * Bucket upper bounds suited to `unit`: `ms`, `s`, `By`, else a small dimensionless set.
 *
 * @example
 * defaultBuckets('ms') // [5, 10, 25, ..., 10000]
 */
export function defaultBuckets(unit: Unit): readonly number[] {
  switch (unit) {
    case 'ms':
      return MS
    case 's':
      return SECONDS
    case 'By':
      return BYTES
    default:
      return DIMENSIONLESS
  }
}

/** Whether `bounds` is a usable bucket list: finite numbers, strictly increasing. */
export function validBuckets(bounds: unknown): bounds is readonly number[] {
  if (!Array.isArray(bounds)) return false
  for (let i = 0; i < bounds.length; i++) {
    const b: unknown = bounds[i]
    if (typeof b !== 'number' || !Number.isFinite(b)) return false
    if (i > 0 && b <= (bounds[i - 1] as number)) return false
  }
  return true
}
