/**
 * A mergeable quantile sketch in the style of DDSketch: values map to near-logarithmic buckets
 * whose upper bound is at most `gamma = (1 + a) / (1 - a)` times their lower bound, so any
 * quantile is answered within relative accuracy `a` (1% by default) of the true value at that
 * rank. The key of a value comes from its exponent bits and a cubic in its mantissa
 * (`cubicMapping.ts`), not from `Math.log`, which was most of the cost of a record. Two sketches with the
 * same accuracy merge by adding bucket counts, which is what windows and summaries rely on.
 *
 * Memory is bounded by `maxBins` per sign: when the span of keys would exceed it, the lowest
 * positive buckets (and the most negative ones) collapse into their neighbour, so the upper
 * quantiles that latency alerting reads keep their accuracy.
 */

import { cubicKey, cubicValue, keyMultiplier } from './cubicMapping.ts'

/** Options for {@link Sketch}. */
export interface SketchOptions {
  /** Relative accuracy `a`. Defaults to 0.01 (1%). */
  relativeAccuracy?: number
  /** Maximum buckets per sign before the lowest ones collapse. Defaults to 2048. */
  maxBins?: number
}

/** Below this magnitude (the smallest normal double) a value counts as zero: subnormals have no exponent to read. */
const MIN_INDEXABLE = 2.2250738585072014e-308
const EMPTY = new Float64Array(0)

/** Dense counts over a contiguous key range, grown on demand and capped at `maxBins`. */
class Store {
  bins: Float64Array = EMPTY
  /** Key of `bins[0]`. */
  offset = 0
  minKey = Number.POSITIVE_INFINITY
  maxKey = Number.NEGATIVE_INFINITY
  count = 0
  private readonly maxBins: number
  /** Collapse the lowest keys (positive values) or the highest (negative values, by magnitude). */
  private readonly collapseLow: boolean

  constructor(maxBins: number, collapseLow: boolean) {
    this.maxBins = maxBins
    this.collapseLow = collapseLow
  }

  add(key: number, n: number): void {
    if (key < this.minKey || key > this.maxKey) {
      // Out of line: the common in-range add then never boxes the key for a call.
      this.addOutside(key, n)
      return
    }
    const i = key - this.offset
    this.bins[i] = this.bins[i]! + n
    this.count += n
  }

  /** {@link Store.add} for a key outside the used range: widen it, then count. */
  private addOutside(key: number, n: number): void {
    const i = this.extend(key) - this.offset
    this.bins[i] = this.bins[i]! + n
    this.count += n
  }

  /** Widen the used key range to include `key`; returns the key to count it under. */
  private extend(key: number): number {
    let lo = Math.min(key, this.minKey)
    let hi = Math.max(key, this.maxKey)
    const len = this.bins.length
    if (lo >= this.offset && hi < this.offset + len) {
      this.minKey = lo
      this.maxKey = hi
      return key
    }
    if (hi - lo + 1 > this.maxBins) {
      if (this.collapseLow) lo = hi - this.maxBins + 1
      else hi = lo + this.maxBins - 1
    }
    const span = hi - lo + 1
    // Headroom in the direction of growth keeps reallocations logarithmic in the span.
    const newLen = Math.min(this.maxBins, Math.max(32, span * 2))
    const slack = newLen - span
    const newOffset = this.count === 0 ? lo - (slack >> 1) : key <= lo ? lo - slack : lo
    const bins = new Float64Array(newLen)
    for (let k = this.minKey; k <= this.maxKey; k++) {
      const c = this.bins[k - this.offset]!
      if (c === 0) continue
      const target = k < lo ? lo : Math.min(k, hi)
      bins[target - newOffset] = bins[target - newOffset]! + c
    }
    this.bins = bins
    this.offset = newOffset
    this.minKey = lo
    this.maxKey = hi
    return key < lo ? lo : Math.min(key, hi)
  }

  clear(): void {
    if (this.count > 0) this.bins.fill(0)
    this.minKey = Number.POSITIVE_INFINITY
    this.maxKey = Number.NEGATIVE_INFINITY
    this.count = 0
  }
}

/**
 * A DDSketch-style quantile sketch. Cheap to create: no buckets are allocated until the first
 * value of each sign arrives.
 *
 * @example
 * const sketch = new Sketch()
 * for (const ms of latencies) sketch.add(ms)
 * sketch.quantile(0.99) // within 1% of the exact p99
 */
export class Sketch {
  /** Relative accuracy `a`. */
  readonly relativeAccuracy: number
  /** `(1 + a) / (1 - a)`. */
  readonly gamma: number
  count = 0
  zeroCount = 0
  min = Number.POSITIVE_INFINITY
  max = Number.NEGATIVE_INFINITY
  /** Keys per unit of the mapping's approximate log2 (see `cubicMapping.ts`). */
  private readonly multiplier: number
  private readonly maxBins: number
  private readonly positive: Store
  private readonly negative: Store

  constructor(options: SketchOptions = {}) {
    const a = readOption(options, 'relativeAccuracy')
    this.relativeAccuracy = typeof a === 'number' && a > 0 && a < 1 ? a : 0.01
    this.gamma = (1 + this.relativeAccuracy) / (1 - this.relativeAccuracy)
    this.multiplier = keyMultiplier(this.gamma)
    const m = readOption(options, 'maxBins')
    this.maxBins = typeof m === 'number' && m >= 8 ? Math.floor(m) : 2048
    this.positive = new Store(this.maxBins, true)
    this.negative = new Store(this.maxBins, false)
  }

  /** Count `value` (finite numbers only; callers validate). */
  add(value: number): void {
    if (value >= MIN_INDEXABLE) this.positive.add(cubicKey(value, this.multiplier), 1)
    else if (value <= -MIN_INDEXABLE) this.negative.add(cubicKey(-value, this.multiplier), 1)
    else this.zeroCount++
    this.count++
    if (value < this.min) this.min = value
    if (value > this.max) this.max = value
  }

  /** The representative value of bucket `key`: within `a` of every value the bucket holds. */
  private valueOf(key: number): number {
    return cubicValue(key, this.multiplier)
  }

  /**
   * The value at quantile `q` (0..1): the element of rank `floor(q * (count - 1))` in sorted
   * order, within the relative accuracy. NaN when empty or `q` is out of range.
   */
  quantile(q: number): number {
    if (this.count === 0 || !(q >= 0 && q <= 1)) return Number.NaN
    const rank = Math.floor(q * (this.count - 1))
    let seen = 0
    let result = Number.NaN
    const neg = this.negative
    for (let k = neg.maxKey; k >= neg.minKey && neg.count > 0; k--) {
      seen += neg.bins[k - neg.offset]!
      if (seen > rank) {
        result = -this.valueOf(k)
        break
      }
    }
    if (Number.isNaN(result)) {
      seen += this.zeroCount
      if (seen > rank) result = 0
    }
    if (Number.isNaN(result)) {
      const pos = this.positive
      for (let k = pos.minKey; k <= pos.maxKey; k++) {
        seen += pos.bins[k - pos.offset]!
        if (seen > rank) {
          result = this.valueOf(k)
          break
        }
      }
    }
    // Exact extremes are known; clamping can only reduce the error.
    return result < this.min ? this.min : Math.min(result, this.max)
  }

  /** Add every count of `other` (which must have the same relative accuracy). Returns false otherwise. */
  merge(other: Sketch): boolean {
    if (other.gamma !== this.gamma) return false
    if (other.count === 0) return true
    mergeStore(this.positive, other.positive)
    mergeStore(this.negative, other.negative)
    this.zeroCount += other.zeroCount
    this.count += other.count
    if (other.min < this.min) this.min = other.min
    if (other.max > this.max) this.max = other.max
    return true
  }

  /** Forget every value, keeping the allocated buckets for reuse. */
  clear(): void {
    this.positive.clear()
    this.negative.clear()
    this.zeroCount = 0
    this.count = 0
    this.min = Number.POSITIVE_INFINITY
    this.max = Number.NEGATIVE_INFINITY
  }

  /** Buckets currently allocated (both signs), for memory accounting. */
  allocatedBins(): number {
    return this.positive.bins.length + this.negative.bins.length
  }
}

function mergeStore(into: Store, from: Store): void {
  if (from.count === 0) return
  // Adding the extremes first sizes the target once instead of growing it step by step.
  const hiCount = from.bins[from.maxKey - from.offset]!
  into.add(from.maxKey, hiCount)
  for (let k = from.minKey; k < from.maxKey; k++) {
    const c = from.bins[k - from.offset]!
    if (c !== 0) into.add(k, c)
  }
}

/** One option, read defensively: null, non-objects and throwing getters mean the default. */
function readOption(options: SketchOptions | null | undefined, key: keyof SketchOptions): unknown {
  try {
    return typeof options === 'object' && options !== null ? options[key] : undefined
  } catch {
    return undefined
  }
}
