/**
 * Histograms: explicit buckets (a linear scan up to 16 bounds, binary search above), exact sum, count, min and max per series, a
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
import { Sketch } from './sketch.ts'
import type { Exemplar, Histogram } from './types.ts'

/** Records between two active-span lookups for exemplars, per series. */
export const EXEMPLAR_EVERY = 16

/**
 * Up to this many bounds a linear scan beats binary search: its branches are predictable and
 * it needs no index arithmetic. Measured with the default 10 to 14 bounds.
 */
const LINEAR_SEARCH_MAX = 16

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
    const lo = histogram.bucketOf(value)
    if (histogram.keepSketch) {
      if (this.sketch === null) this.sketch = new Sketch()
      this.sketch.add(value)
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

  protected newSeries(set: KeySetInfo, startTime: number): HistogramSeries {
    return new HistogramSeries(set, startTime)
  }
}
