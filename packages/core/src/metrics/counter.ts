/**
 * Counters (monotonic: negative or non-finite adds are rejected, counted and reported, never
 * thrown) and up-down counters (any finite value). Sums are compensated, so 0.1 added ten
 * times reads exactly 1.
 */
import { sumError } from './exactSum.ts'
import { Instrument, isFiniteNumber } from './instrument.ts'
import { Series } from './series.ts'
import type { BoundCounter, Counter, Tags, UpDownCounter } from './types.ts'

/** One counter series; also the object `bind(tags)` returns. */
export class CounterSeries extends Series implements BoundCounter {
  sum = 0
  comp = 0

  add(value?: number): void {
    if (value === undefined) value = 1
    else if (!(typeof value === 'number' && value >= 0 && value !== Number.POSITIVE_INFINITY)) {
      this.owner.rejectValue(value)
      return
    }
    this.inc(value)
  }

  /** Add an already validated value. */
  inc(value: number): void {
    const sum = this.sum
    const t = sum + value
    this.comp += sumError(sum, value, t)
    this.sum = t
    if (this.rings !== null) this.feed(value)
  }

  /** The compensated total. */
  value(): number {
    return this.sum + this.comp
  }
}

/** An up-down counter series: any finite value. */
export class UpDownSeries extends CounterSeries {
  override add(value?: number): void {
    if (!isFiniteNumber(value)) {
      this.owner.rejectValue(value)
      return
    }
    this.inc(value)
  }
}

/** The monotonic counter instrument. */
export class CounterInstrument extends Instrument<CounterSeries> implements Counter {
  readonly kind = 'counter' as const

  add(value?: number, tags?: Tags): void {
    try {
      if (value === undefined) value = 1
      else if (!(typeof value === 'number' && value >= 0 && value !== Number.POSITIVE_INFINITY)) {
        this.rejectValue(value)
        return
      }
      this.table.resolve(tags).inc(value)
    } catch (error) {
      this.internalError(error)
    }
  }

  bind(tags?: Tags): BoundCounter {
    return this.table.resolve(tags)
  }

  recordValue(value: number, tags: unknown): void {
    this.add(value, tags as Tags)
  }

  protected newSeries(keys: readonly string[], key: string, startTime: number): CounterSeries {
    return new CounterSeries(this, keys, key, startTime)
  }
}

/** The up-down counter instrument. */
export class UpDownCounterInstrument extends Instrument<UpDownSeries> implements UpDownCounter {
  readonly kind = 'updowncounter' as const

  add(value: number, tags?: Tags): void {
    try {
      if (!isFiniteNumber(value)) {
        this.rejectValue(value)
        return
      }
      this.table.resolve(tags).inc(value)
    } catch (error) {
      this.internalError(error)
    }
  }

  bind(tags?: Tags): BoundCounter {
    return this.table.resolve(tags)
  }

  recordValue(value: number, tags: unknown): void {
    this.add(value, tags as Tags)
  }

  protected newSeries(keys: readonly string[], key: string, startTime: number): UpDownSeries {
    return new UpDownSeries(this, keys, key, startTime)
  }
}
