/**
 * The value -> bucket-key mapping of the quantile sketch, without `Math.log`.
 *
 * A positive double is `2^e * (1 + s)` with `s` in [0, 1): the exponent and mantissa bits give `e`
 * and `s` directly. `log2(v) = e + log2(1 + s)`, and `log2(1 + s)` is replaced by the cubic
 * `P(s) = A s^3 + B s^2 + C s` with `P(0) = 0` and `P(1) = 1`, so `f(v) = e + P(s)` is continuous
 * and increasing across binades. Keys are `ceil(f(v) * multiplier)`.
 *
 * Why the error bound still holds: a key covers an interval of `f` of width `1 / multiplier`. In
 * terms of `log2(v)` that interval is at most `1 / (multiplier * gMin)` wide, where
 * `g = df / dlog2(v) = P'(s) (1 + s) ln 2` and `gMin` is its minimum over [0, 1]. Choosing
 * `multiplier = 1 / (gMin * log2(gamma))` makes every bucket's `hi / lo <= gamma`, and the
 * representative `2 lo hi / (lo + hi)` is then within `(gamma - 1) / (gamma + 1) = a` (relative)
 * of every value in the bucket. A, B and C maximise `gMin` (about 0.990), so the sketch needs
 * about 1% more buckets than an exact log mapping would.
 */

/** Cubic coefficients: P(s) = ((A s + B) s + C) s, with A + B + C = 1. */
const A = 6 / 35
const B = -3 / 5
const C = 10 / 7

/** Minimum over s in [0, 1] of (1 + s) P'(s) ln 2, from the roots of its derivative. */
function minimumSlope(): number {
  // (1 + s)(3A s^2 + 2B s + C) = c3 s^3 + c2 s^2 + c1 s + c0
  const c3 = 3 * A
  const c2 = 3 * A + 2 * B
  const c1 = 2 * B + C
  const c0 = C
  const g = (s: number): number => (((c3 * s + c2) * s + c1) * s + c0) * Math.LN2
  let min = Math.min(g(0), g(1))
  // g'(s) / ln 2 = 3 c3 s^2 + 2 c2 s + c1
  const qa = 3 * c3
  const qb = 2 * c2
  const disc = qb * qb - 4 * qa * c1
  if (disc >= 0) {
    for (const root of [(-qb - Math.sqrt(disc)) / (2 * qa), (-qb + Math.sqrt(disc)) / (2 * qa)]) {
      if (root > 0 && root < 1) min = Math.min(min, g(root))
    }
  }
  return min
}

/**
 * Shrinks buckets by one part in 10^9 so that rounding in `key` (a few ulps) can never widen a
 * bucket past `gamma`.
 */
const SAFETY = 1 + 1e-9
const G_MIN = minimumSlope()

const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)
/** Index of the high 32-bit word of `f64[0]` in `u32` (1 on little-endian machines). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0
const LO = 1 - HI
const TWO_POW_MINUS_20 = 2 ** -20
const TWO_POW_MINUS_52 = 2 ** -52

/** The key multiplier for relative accuracy through `gamma = (1 + a) / (1 - a)`. */
export function keyMultiplier(gamma: number): number {
  return (SAFETY * Math.LN2) / (G_MIN * Math.log(gamma))
}

/**
 * The bucket key of `value`, which must be a normal positive double (at least 2^-1022, finite).
 *
 * @example
 * const m = keyMultiplier(1.02 / 0.98)
 * cubicKey(12.5, m) // an integer; every value in that key is within 1% of its representative
 */
export function cubicKey(value: number, multiplier: number): number {
  f64[0] = value
  const hi = u32[HI]!
  const e = (hi >>> 20) - 1023
  const s = (hi & 0xfffff) * TWO_POW_MINUS_20 + u32[LO]! * TWO_POW_MINUS_52
  return Math.ceil((e + ((A * s + B) * s + C) * s) * multiplier)
}

/** The binade exponent `inverse` found; the value is `2^inverseExponent * (1 + s)`. */
let inverseExponent = 0

/**
 * The smallest `v` with `f(v) >= y`, returned as its significand `1 + s` (in [1, 2]) with the
 * exponent left in `inverseExponent`, so the caller can combine bounds without overflow. Newton on
 * the cubic, which is increasing on [0, 1].
 */
function inverse(y: number): number {
  const e = Math.floor(y)
  const t = y - e
  let s = t
  for (let i = 0; i < 32; i++) {
    const p = ((A * s + B) * s + C) * s - t
    const next = s - p / ((3 * A * s + 2 * B) * s + C)
    const clamped = Math.min(Math.max(next, 0), 1)
    if (clamped === s) break
    s = clamped
  }
  inverseExponent = e
  return 1 + s
}

/**
 * The representative value of bucket `key`: `2 lo hi / (lo + hi)` of its bounds, within the
 * relative accuracy of every value the bucket holds. The top bucket's representative is capped at
 * the largest double, which only moves it closer to the values it holds.
 */
export function cubicValue(key: number, multiplier: number): number {
  const lo = inverse((key - 1) / multiplier)
  const loExponent = inverseExponent
  const hi = inverse(key / multiplier) * 2 ** (inverseExponent - loExponent)
  return Math.min(2 ** loExponent * ((2 * lo * hi) / (lo + hi)), Number.MAX_VALUE)
}
