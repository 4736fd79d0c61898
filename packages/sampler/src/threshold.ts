/**
 * OpenTelemetry consistent probability sampling (the tracestate probability-sampling
 * specification): a 56-bit randomness value R (the trace id's low 56 bits, or `rv` from
 * tracestate) is kept against a rejection threshold T = (1 - p)·2^56 iff R >= T.
 *
 * Both are handled as 14-digit lower-case hex strings: for strings of equal length over
 * `0-9a-f`, character order is numeric order, so the comparison is exact without 56-bit integers
 * (which a double cannot hold) and usually ends at the first character.
 */

/** Hex digits of a threshold or randomness value (56 bits). */
export const RANDOMNESS_DIGITS = 14
/** The randomness of a trace id: its last 14 hex digits (7 bytes). */
export const TRACE_ID_RANDOMNESS_OFFSET = 18
/** The smallest probability the threshold encoding can express, 2^-56. */
export const MIN_PROBABILITY = 2 ** -56
/** Default threshold precision in hex digits, the specification's recommendation for SDKs. */
export const DEFAULT_PRECISION = 4

const TWO_POW_52 = 2 ** 52
const TWO_POW_56 = 2 ** 56
const TH_PATTERN = /^[0-9a-f]{1,14}$/
const RV_PATTERN = /^[0-9a-f]{14}$/

/** Whether `value` is a valid `th` value: 1 to 14 lower-case hex digits. */
export function isThreshold(value: unknown): value is string {
  return typeof value === 'string' && TH_PATTERN.test(value)
}

/** Whether `value` is a valid `rv` value: exactly 14 lower-case hex digits. */
export function isRandomness(value: unknown): value is string {
  return typeof value === 'string' && RV_PATTERN.test(value)
}

/** The base-2 exponent `e` of `p = m·2^e` with `m` in [0.5, 1) (C's `frexp`). */
function frexpExponent(p: number): number {
  let e = 0
  let m = p
  while (m >= 1) {
    m /= 2
    e++
  }
  while (m < 0.5) {
    m *= 2
    e--
  }
  return e
}

/**
 * The `th` value for probability `p` (0 < p <= 1), trailing zeros dropped: 1 -> `0`,
 * 0.25 -> `c`, 0.1 -> `e666`, 0.01 -> `fd70a`. `precision` hex digits (default 4) are kept, plus
 * one per leading `f`, as the specification's reference algorithm does. Returns undefined for
 * p <= 0 or NaN: "never" is not a probability.
 */
export function probabilityToThreshold(p: number, precision = DEFAULT_PRECISION): string | undefined {
  if (!(p > 0)) return undefined
  if (p >= 1) return '0'
  const probability = Math.max(p, MIN_PROBABILITY)
  const digits = Math.max(1, Math.min(12, precision + Math.floor(frexpExponent(probability) / -4)))
  // 1 + rejection probability lies in [1, 2): its 52 mantissa bits are 13 hex digits. Half of the
  // last kept digit is added first so that truncating the digits rounds.
  const shifted = 2 - probability + 0.5 * 2 ** (-4 * digits)
  const mantissa =
    shifted >= 2
      ? 'fffffffffffff'
      : Math.floor((shifted - 1) * TWO_POW_52)
          .toString(16)
          .padStart(13, '0')
  const th = mantissa.slice(0, digits).replace(/0+$/, '')
  return th === '' ? '0' : th
}

/** A `th` value padded to 14 digits, the form {@link keepsAt} compares against. */
export function padThreshold(th: string): string {
  return th.padEnd(RANDOMNESS_DIGITS, '0')
}

/** The sampling probability a `th` value stands for, (2^56 - T) / 2^56. */
export function thresholdToProbability(th: string): number {
  return (TWO_POW_56 - Number.parseInt(padThreshold(th), 16)) / TWO_POW_56
}

/** The adjusted count (1/p) of a `th` value. */
export function thresholdToAdjustedCount(th: string): number {
  return 1 / thresholdToProbability(th)
}

/**
 * Whether the 14 hex digits of `source` starting at `offset` are >= `threshold14` (a padded
 * threshold): the keep decision. Upper-case digits compare as lower-case (`| 32` leaves `0-9`
 * unchanged and lower-cases `A-F`).
 */
export function keepsAt(source: string, offset: number, threshold14: string): boolean {
  for (let i = 0; i < RANDOMNESS_DIGITS; i++) {
    const r = source.charCodeAt(offset + i) | 32
    const t = threshold14.charCodeAt(i)
    if (r !== t) return r > t
  }
  return true
}

/** The larger of two thresholds (the smaller probability): downstream samplers may only raise T. */
export function maxThreshold(a: string, b: string): string {
  return padThreshold(a) >= padThreshold(b) ? a : b
}
