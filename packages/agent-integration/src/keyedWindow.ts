/**
 * Count and sum of values per key (an adapter, a coordination type) over a sliding window of time
 * buckets. Core's metric windows answer per series of one instrument; the KPIs need per-key totals
 * of values no instrument records (a success as 1, a failure as 0), so they keep these. Memory is
 * bounded: `buckets` slots per key and at most `maxKeys` keys; keys with nothing left in the
 * window are dropped when read.
 */

/** Totals of one key over the window. */
export interface WindowTotals {
  count: number
  sum: number
}

/** Options of {@link KeyedWindow}. */
export interface KeyedWindowOptions {
  /** Window length, ms. */
  window: number
  /** Resolution: slots per window. Defaults to 60 (one minute for one hour). */
  buckets?: number
  /** Keys kept at once; values of further keys are refused. Defaults to 200. */
  maxKeys?: number
}

interface Ring {
  epochs: Float64Array
  counts: Float64Array
  sums: Float64Array
}

/** Per-key window totals; see the module comment. */
export class KeyedWindow {
  readonly window: number
  readonly buckets: number
  readonly maxKeys: number
  private readonly width: number
  private readonly rings = new Map<string, Ring>()
  /** The latest time seen: an earlier `now` (a clock stepped back) is read as this one. */
  private latest = Number.NEGATIVE_INFINITY

  constructor(options: KeyedWindowOptions) {
    this.window = options.window
    this.buckets = Math.max(1, Math.floor(options.buckets ?? 60))
    this.maxKeys = Math.max(1, Math.floor(options.maxKeys ?? 200))
    this.width = this.window / this.buckets
  }

  /** Add `value` under `key` at epoch ms `now`. False when the key is new and `maxKeys` are kept. */
  add(key: string, value: number, now: number): boolean {
    let ring = this.rings.get(key)
    if (ring === undefined) {
      if (this.rings.size >= this.maxKeys) return false
      ring = {
        epochs: new Float64Array(this.buckets).fill(-1),
        counts: new Float64Array(this.buckets),
        sums: new Float64Array(this.buckets),
      }
      this.rings.set(key, ring)
    }
    const epoch = Math.floor(this.clamp(now) / this.width)
    const i = epoch % this.buckets
    if (ring.epochs[i] !== epoch) {
      ring.epochs[i] = epoch
      ring.counts[i] = 0
      ring.sums[i] = 0
    }
    ring.counts[i] = (ring.counts[i] as number) + 1
    ring.sums[i] = (ring.sums[i] as number) + value
    return true
  }

  /** Totals per key over the window ending at `now`; keys with nothing in it are forgotten. */
  totals(now: number): Map<string, WindowTotals> {
    const current = Math.floor(this.clamp(now) / this.width)
    const out = new Map<string, WindowTotals>()
    for (const [key, ring] of this.rings) {
      let count = 0
      let sum = 0
      for (let i = 0; i < this.buckets; i++) {
        const epoch = ring.epochs[i] as number
        if (epoch <= current - this.buckets || epoch > current) continue
        count += ring.counts[i] as number
        sum += ring.sums[i] as number
      }
      if (count === 0) this.rings.delete(key)
      else out.set(key, { count, sum })
    }
    return out
  }

  /** Keys currently kept. */
  get size(): number {
    return this.rings.size
  }

  private clamp(now: number): number {
    if (now < this.latest) return this.latest
    this.latest = now
    return now
  }
}
