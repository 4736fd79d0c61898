/**
 * Counters (monotonic: negative or non-finite adds are rejected, counted and reported, never
 * thrown) and up-down counters (any finite value). Sums are compensated, so 0.1 added ten
 * times reads exactly 1.
 *
 * Counter series are columns, not objects: the series table maps tags to an integer index and
 * the instrument keeps `sum`, `comp` (the compensation term) and `start` in typed arrays. A
 * series then costs its map entry plus 24 bytes, which is what keeps 10k-series counters small.
 * `bind(tags)` returns a small object holding the index; windows live in a side map that only
 * exists once a window is asked for.
 */
import { sumError } from './exactSum.ts'
import { Instrument, isFiniteNumber } from './instrument.ts'
import type { RollingWindow } from './rollingWindow.ts'
import type { KeySetInfo } from './series.ts'
import type { BoundCounter, Counter, Tags, UpDownCounter } from './types.ts'

const INITIAL_COLUMNS = 8

/** A bound counter series: the instrument and the series' column index. */
class BoundSum implements BoundCounter {
  private readonly instrument: SumInstrument
  private readonly index: number

  constructor(instrument: SumInstrument, index: number) {
    this.instrument = instrument
    this.index = index
  }

  add(value?: number): void {
    const instrument = this.instrument
    if (value === undefined) value = 1
    else if (!instrument.accepts(value)) {
      instrument.rejectValue(value)
      return
    }
    instrument.inc(this.index, value)
  }
}

/** Shared columns and hot path of counters and up-down counters. */
export abstract class SumInstrument extends Instrument<number> {
  private sums = new Float64Array(INITIAL_COLUMNS)
  private comps = new Float64Array(INITIAL_COLUMNS)
  private starts = new Float64Array(INITIAL_COLUMNS)
  private used = 0
  /** Windows per series index (holes for series without); null until a window is asked for. */
  private rings: Array<RollingWindow[] | undefined> | null = null

  /** Whether `value` is acceptable for this kind (already known to be defined). */
  abstract accepts(value: unknown): value is number

  /** Add an already validated value to series `index`. */
  inc(index: number, value: number): void {
    const sum = this.sums[index]!
    const t = sum + value
    this.comps[index] = this.comps[index]! + sumError(sum, value, t)
    this.sums[index] = t
    if (this.rings !== null) this.feed(index, value)
  }

  private feed(index: number, value: number): void {
    const rings = this.rings![index]
    if (rings === undefined) return
    const now = this.ctx.clock.now()
    for (let i = 0; i < rings.length; i++) rings[i]!.add(value, now)
  }

  /** The compensated total of series `index`. */
  value(index: number): number {
    return this.sums[index]! + this.comps[index]!
  }

  /** Epoch ms series `index` was created. */
  startTime(index: number): number {
    return this.starts[index]!
  }

  protected addTo(value: number | undefined, tags: Tags | undefined): void {
    try {
      if (value === undefined) value = 1
      else if (!this.accepts(value)) {
        this.rejectValue(value)
        return
      }
      this.inc(this.table.resolve(tags), value)
    } catch (error) {
      this.internalError(error)
    }
  }

  bind(tags?: Tags): BoundCounter {
    return new BoundSum(this, this.bindSeries(tags))
  }

  ringOf(index: number, window: number): RollingWindow | undefined {
    const rings = this.rings?.[index]
    if (rings === undefined) return undefined
    for (const ring of rings) if (ring.window === window) return ring
    return undefined
  }

  attachRing(index: number, ring: RollingWindow): void {
    if (this.rings === null) this.rings = []
    // Filled up to `index` so the array stays packed (holes would make every read slower).
    while (this.rings.length <= index) this.rings.push(undefined)
    const rings = this.rings[index]
    if (rings === undefined) this.rings[index] = [ring]
    else rings.push(ring)
  }

  ringCount(index: number): number {
    return this.rings?.[index]?.length ?? 0
  }

  protected newSeries(_set: KeySetInfo, startTime: number): number {
    if (this.used === this.sums.length) this.grow()
    this.starts[this.used] = startTime
    return this.used++
  }

  private grow(): void {
    // 1.5x keeps the unused tail (the memory a series pays for but does not use) small.
    const size = Math.ceil(this.sums.length * 1.5)
    this.sums = copyInto(new Float64Array(size), this.sums)
    this.comps = copyInto(new Float64Array(size), this.comps)
    this.starts = copyInto(new Float64Array(size), this.starts)
  }
}

function copyInto(target: Float64Array<ArrayBuffer>, source: Float64Array): Float64Array<ArrayBuffer> {
  target.set(source)
  return target
}

/** The monotonic counter instrument. */
export class CounterInstrument extends SumInstrument implements Counter {
  readonly kind = 'counter' as const

  accepts(value: unknown): value is number {
    return typeof value === 'number' && value >= 0 && value !== Number.POSITIVE_INFINITY
  }

  add(value?: number, tags?: Tags): void {
    this.addTo(value, tags)
  }

  recordValue(value: number, tags: unknown): void {
    this.addTo(value, tags as Tags)
  }
}

/** The up-down counter instrument. */
export class UpDownCounterInstrument extends SumInstrument implements UpDownCounter {
  readonly kind = 'updowncounter' as const

  accepts(value: unknown): value is number {
    return isFiniteNumber(value)
  }

  add(value: number, tags?: Tags): void {
    this.addTo(value, tags)
  }

  recordValue(value: number, tags: unknown): void {
    this.add(value, tags as Tags)
  }
}
