/**
 * Rolling windows: a ring of time buckets per window length, each holding count, exact sum,
 * min, max and (optionally) a quantile sketch. Memory is bounded by the resolution (the
 * number of buckets), never by the number of events: old buckets are reused in place.
 */
import { sumError } from './exactSum.ts'
import { Sketch } from './sketch.ts'

/** Buckets per window unless told otherwise (1 s resolution for a 1 min window). */
export const DEFAULT_WINDOW_BUCKETS = 60

/**
 * One window of one series. The window covers the current (partial) bucket and the
 * `buckets - 1` before it, so its span is between `window - width` and `window`.
 *
 * Time never runs backwards inside a ring: a `now` earlier than the latest one recorded (a wall
 * clock stepped back by NTP, a custom clock) is read as that latest time, so the value lands in
 * the newest bucket. Taken at face value it could map to a slot holding newer data and reset it.
 */
export class RollingWindow {
  /** Window length in ms. */
  readonly window: number
  /** Bucket width in ms. */
  readonly width: number
  readonly buckets: number
  /** Epoch ms the ring was created: before it nothing was recorded. */
  readonly since: number
  /** The latest time recorded (or the creation time): earlier times are clamped to it. */
  private latest: number
  private readonly epochs: Float64Array
  private readonly counts: Float64Array
  private readonly sums: Float64Array
  private readonly comps: Float64Array
  private readonly mins: Float64Array
  private readonly maxs: Float64Array
  private readonly sketches: Array<Sketch | null> | null

  constructor(window: number, buckets: number, withSketch: boolean, now: number) {
    this.window = window
    this.buckets = buckets
    this.width = window / buckets
    this.since = now
    this.latest = now
    this.epochs = new Float64Array(buckets).fill(-1)
    this.counts = new Float64Array(buckets)
    this.sums = new Float64Array(buckets)
    this.comps = new Float64Array(buckets)
    this.mins = new Float64Array(buckets)
    this.maxs = new Float64Array(buckets)
    this.sketches = withSketch ? new Array<Sketch | null>(buckets).fill(null) : null
  }

  /** Record `value` at epoch ms `now` (clamped to the latest time recorded). */
  add(value: number, now: number): void {
    if (now < this.latest) now = this.latest
    else this.latest = now
    const epoch = Math.floor(now / this.width)
    const i = epoch % this.buckets
    if (this.epochs[i] !== epoch) this.reset(i, epoch)
    this.counts[i] = this.counts[i]! + 1
    const sum = this.sums[i]!
    const t = sum + value
    this.comps[i] = this.comps[i]! + sumError(sum, value, t)
    this.sums[i] = t
    if (value < this.mins[i]!) this.mins[i] = value
    if (value > this.maxs[i]!) this.maxs[i] = value
    if (this.sketches !== null) {
      let sketch = this.sketches[i]
      if (sketch == null) {
        sketch = new Sketch()
        this.sketches[i] = sketch
      }
      sketch.add(value)
    }
  }

  private reset(i: number, epoch: number): void {
    this.epochs[i] = epoch
    this.counts[i] = 0
    this.sums[i] = 0
    this.comps[i] = 0
    this.mins[i] = Number.POSITIVE_INFINITY
    this.maxs[i] = Number.NEGATIVE_INFINITY
    this.sketches?.[i]?.clear()
  }

  /** Fold the buckets inside the window ending at `now` (clamped like `add`) into `into`. */
  accumulate(into: WindowAccumulator, now: number): void {
    if (now < this.latest) now = this.latest
    const current = Math.floor(now / this.width)
    for (let i = 0; i < this.buckets; i++) {
      const epoch = this.epochs[i]!
      if (epoch <= current - this.buckets || epoch > current) continue
      into.addBucket(this.counts[i]!, this.sums[i]!, this.comps[i]!, this.mins[i]!, this.maxs[i]!)
      const sketch = this.sketches?.[i]
      if (sketch != null) into.mergeSketch(sketch)
    }
    const covered = now - this.since
    if (covered > into.covered) into.covered = covered
  }
}

/** Merges buckets (of one ring, or of several series' rings) into window statistics. */
export class WindowAccumulator {
  count = 0
  min = Number.POSITIVE_INFINITY
  max = Number.NEGATIVE_INFINITY
  /** How long the longest contributing ring has been recording, in ms. */
  covered = 0
  private sum = 0
  private comp = 0
  private sketch: Sketch | null = null

  addBucket(count: number, sum: number, comp: number, min: number, max: number): void {
    if (count === 0) return
    this.count += count
    const t = this.sum + sum
    this.comp += sumError(this.sum, sum, t) + comp
    this.sum = t
    if (min < this.min) this.min = min
    if (max > this.max) this.max = max
  }

  mergeSketch(sketch: Sketch): void {
    if (sketch.count === 0) return
    if (this.sketch === null) this.sketch = new Sketch()
    this.sketch.merge(sketch)
  }

  total(): number {
    return this.sum + this.comp
  }

  quantile(q: number): number {
    return this.sketch === null ? Number.NaN : this.sketch.quantile(q)
  }
}
