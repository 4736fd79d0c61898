/**
 * Histograms: explicit buckets (binary search), exact sum, count, min and max per series, a
 * quantile sketch (on by default, allocated on a series' first record) and exemplars.
 *
 * Exemplars cost one active-span lookup on the first record of a series and then on one record
 * in {@link EXEMPLAR_EVERY}; when a sampled span is active the sample is kept as its bucket's
 * exemplar (the latest one per bucket).
 */
import { isSampled } from '../spanContext.ts'
import type { EngineContext } from './engineContext.ts'
import { sumError } from './exactSum.ts'
import type { InstrumentConfig } from './instrument.ts'
import { RecorderInstrument, RecordingSeriesBase } from './recorderInstrument.ts'
import type { KeySetInfo } from './series.ts'
import { MIN_INDEXABLE, Sketch } from './sketch.ts'
import type { Exemplar, Histogram } from './types.ts'

/** Records between two active-span lookups for exemplars, per series. */
export const EXEMPLAR_EVERY = 16

/**
 * Up to this many bounds a linear scan beats binary search: its branches are predictable and
 * it needs no index arithmetic. Measured with the default 10 to 14 bounds.
 */
const LINEAR_SEARCH_MAX = 16

/** The largest key table a histogram builds (entries, one byte each); wider bound ranges search. */
const MAX_KEY_TABLE = 8192

/** One histogram series; also the object `bind(tags)` returns. */
export class HistogramSeries extends RecordingSeriesBase {
  /** Per-bucket counts, not cumulative; the last is the overflow (`+Inf`) bucket. */
  readonly counts: Float64Array
  sum = 0
  comp = 0
  count = 0
  min = Number.POSITIVE_INFINITY
  max = Number.NEGATIVE_INFINITY
  sketch: Sketch | null = null
  /** Latest exemplar per bucket, allocated on the first one. */
  exemplars: Array<Exemplar | undefined> | null = null
  private exemplarCountdown = 0
  private readonly histogram: HistogramInstrument

  constructor(set: KeySetInfo, startTime: number) {
    super(set, startTime)
    const histogram = set.owner as HistogramInstrument
    this.histogram = histogram
    this.counts = new Float64Array(histogram.bounds.length + 1)
  }

  /** Record an already validated value. */
  observe(value: number): void {
    const histogram = this.histogram
    let lo: number
    if (histogram.keyTable !== null && value >= MIN_INDEXABLE) {
      // One sketch key serves both the sketch and the explicit bucket.
      if (this.sketch === null) this.sketch = new Sketch()
      const key = this.sketch.keyOf(value)
      this.sketch.addKeyed(value, key)
      lo = histogram.bucketOfKey(key, value)
    } else {
      lo = histogram.bucketOf(value)
      if (histogram.keepSketch) {
        if (this.sketch === null) this.sketch = new Sketch()
        this.sketch.add(value)
      }
    }
    this.counts[lo] = this.counts[lo]! + 1
    const sum = this.sum
    const t = sum + value
    this.comp += sumError(sum, value, t)
    this.sum = t
    this.count++
    if (value < this.min) this.min = value
    if (value > this.max) this.max = value
    if (--this.exemplarCountdown < 0) this.sampleExemplar(value, lo)
    if (this.rings !== null) this.feed(value)
  }

  private sampleExemplar(value: number, bucket: number): void {
    this.exemplarCountdown = EXEMPLAR_EVERY - 1
    const ctx = this.histogram.ctx
    const span = ctx.activeSpanContext()
    if (span === undefined || !isSampled(span)) return
    if (this.exemplars === null) this.exemplars = new Array<Exemplar | undefined>(this.counts.length)
    this.exemplars[bucket] = { value, time: ctx.clock.now(), traceId: span.traceId, spanId: span.spanId }
  }

  /** The compensated sum. */
  total(): number {
    return this.sum + this.comp
  }
}

/** The histogram instrument. */
export class HistogramInstrument extends RecorderInstrument<HistogramSeries> implements Histogram {
  readonly kind = 'histogram' as const
  /** Bucket upper bounds, increasing. */
  readonly bounds: Float64Array
  readonly boundsList: readonly number[]
  readonly keepSketch: boolean
  /** Quantiles reported from the sketch. */
  readonly quantiles: readonly number[]
  /**
   * With the sketch on and positive bounds: for each sketch key from the first bound's to the
   * last's, how many bounds have a smaller key (all of them are below any value with that key).
   * Null when buckets are found by searching the bounds.
   */
  readonly keyTable: Uint8Array | null
  /** The sketch key of the first bound: `keyTable[0]`'s key. */
  private readonly keyBase: number

  constructor(
    ctx: EngineContext,
    config: InstrumentConfig,
    bounds: readonly number[],
    keepSketch: boolean,
    quantiles: readonly number[],
  ) {
    super(ctx, config)
    this.boundsList = Object.freeze([...bounds])
    this.bounds = Float64Array.from(bounds)
    this.keepSketch = keepSketch
    this.quantiles = quantiles
    const keys = keepSketch ? boundKeys(this.bounds) : null
    this.keyBase = keys?.[0] ?? 0
    this.keyTable = keys === null ? null : keyTable(keys)
  }

  /** The bucket of `value`: the first bound at least `value`, or the overflow bucket. */
  bucketOf(value: number): number {
    const bounds = this.bounds
    const n = bounds.length
    let lo = 0
    if (n <= LINEAR_SEARCH_MAX) {
      while (lo < n && value > bounds[lo]!) lo++
      return lo
    }
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (value <= bounds[mid]!) hi = mid
      else lo = mid + 1
    }
    return lo
  }

  /**
   * {@link bucketOf} for a positive `value` whose sketch key is `key`, through the key table:
   * bounds with a smaller key are below `value`, bounds with a larger key above it, and only a
   * bound sharing the key (at most a couple) is compared.
   */
  bucketOfKey(key: number, value: number): number {
    const table = this.keyTable!
    const bounds = this.bounds
    const at = key - this.keyBase
    if (at < 0) return 0
    if (at >= table.length) return bounds.length
    let i = table[at]!
    while (i < bounds.length && value > bounds[i]!) i++
    return i
  }

  protected newSeries(set: KeySetInfo, startTime: number): HistogramSeries {
    return new HistogramSeries(set, startTime)
  }
}

/**
 * The sketch keys of `bounds`, or null when a key table cannot serve them: a bound too small to
 * have a key, more bounds than a byte counts, or a key range wider than {@link MAX_KEY_TABLE}.
 */
function boundKeys(bounds: Float64Array): Int32Array | null {
  const n = bounds.length
  if (n === 0 || n > 255 || !(bounds[0]! >= MIN_INDEXABLE)) return null
  const sketch = new Sketch()
  const keys = new Int32Array(n)
  for (let i = 0; i < n; i++) keys[i] = sketch.keyOf(bounds[i]!)
  return keys[n - 1]! - keys[0]! < MAX_KEY_TABLE ? keys : null
}

/** Entry `k`: how many of `keys` (increasing) are below `keys[0] + k`. */
function keyTable(keys: Int32Array): Uint8Array {
  const base = keys[0]!
  const table = new Uint8Array(keys[keys.length - 1]! - base + 1)
  let below = 0
  for (let k = 0; k < table.length; k++) {
    while (below < keys.length && keys[below]! < base + k) below++
    table[k] = below
  }
  return table
}
