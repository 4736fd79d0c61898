/**
 * Gauges: the last value set per series, and callback gauges whose callback is called at
 * collection (`observe(value, tags)` once per series). A throwing callback is reported, never
 * rethrown, and the series it did observe are kept.
 */
import { TelemetryErrorCode } from '../errors.ts'
import { catchRejection, isThenable } from '../thenable.ts'
import type { EngineContext } from './engineContext.ts'
import { describe, type InstrumentConfig, isFiniteNumber } from './instrument.ts'
import { ObjectInstrument } from './objectInstrument.ts'
import { type KeySetInfo, Series } from './series.ts'
import type { BoundGauge, Gauge, GaugeOptions, Tags } from './types.ts'

/** One gauge series; also the object `bind(tags)` returns. */
export class GaugeSeries extends Series implements BoundGauge {
  value = 0
  /** Whether a value was ever set (series never set are not exported). */
  hasValue = false

  set(value: number): void {
    if (!isFiniteNumber(value)) {
      this.owner.rejectValue(value)
      return
    }
    this.value = value
    this.hasValue = true
    if (this.rings !== null) this.feed(value)
  }
}

/** The gauge instrument. */
export class GaugeInstrument extends ObjectInstrument<GaugeSeries> implements Gauge {
  readonly kind = 'gauge' as const
  private readonly callback: GaugeOptions['callback'] | undefined
  private readonly observe: (value: number, tags?: Tags) => void

  constructor(ctx: EngineContext, config: InstrumentConfig, callback: GaugeOptions['callback'] | undefined) {
    super(ctx, config)
    this.callback = callback
    this.observe = (value, tags) => this.set(value, tags)
  }

  set(value: number, tags?: Tags): void {
    try {
      if (!isFiniteNumber(value)) {
        this.rejectValue(value)
        return
      }
      this.table.resolve(tags).set(value)
    } catch (error) {
      this.internalError(error)
    }
  }

  bind(tags?: Tags): BoundGauge {
    return this.bindSeries(tags)
  }

  recordValue(value: number, tags: unknown): void {
    this.set(value, tags as Tags)
  }

  /**
   * Before a collection: a callback gauge forgets its values and asks the callback again, so
   * series the callback stops observing disappear from the export.
   */
  refresh(): void {
    const callback = this.callback
    if (callback === undefined) return
    this.table.forEach((series) => {
      series.hasValue = false
    })
    try {
      const result: unknown = callback(this.observe)
      if (result !== undefined && isThenable(result))
        catchRejection(result, (error) => this.callbackFailed(error))
    } catch (error) {
      this.callbackFailed(error)
    }
  }

  private callbackFailed(error: unknown): void {
    this.ctx.report(
      TelemetryErrorCode.HANDLER_FAILURE,
      `gauge callback of ${this.name} threw: ${describe(error)}`,
      {
        metric: this.name,
        handler_id: `gauge:${this.name}`,
        error,
      },
    )
  }

  protected newSeries(set: KeySetInfo, startTime: number): GaugeSeries {
    return new GaugeSeries(set, startTime)
  }
}
