/**
 * Summaries: quantiles over a sliding window (`window` ms split into `ageBuckets` sub-windows,
 * each a quantile sketch, merged at read) plus a cumulative sum and count, as Prometheus
 * summaries report them.
 */
import type { EngineContext } from './engineContext.ts'
import { sumError } from './exactSum.ts'
import type { InstrumentConfig } from './instrument.ts'
import { RecorderInstrument, RecordingSeriesBase } from './recorderInstrument.ts'
import { RollingWindow, WindowAccumulator } from './rollingWindow.ts'
import type { KeySetInfo } from './series.ts'
import type { Summary } from './types.ts'

/** One summary series; also the object `bind(tags)` returns. */
export class SummarySeries extends RecordingSeriesBase {
  sum = 0
  comp = 0
  count = 0
  /** The sliding window the quantiles come from. */
  readonly age: RollingWindow
  private readonly summary: SummaryInstrument

  constructor(set: KeySetInfo, startTime: number) {
    super(set, startTime)
    const summary = set.owner as SummaryInstrument
    this.summary = summary
    this.age = new RollingWindow(summary.window, summary.ageBuckets, true, startTime)
  }

  /** Record an already validated value. */
  observe(value: number): void {
    const sum = this.sum
    const t = sum + value
    this.comp += sumError(sum, value, t)
    this.sum = t
    this.count++
    this.age.add(value, this.summary.ctx.clock.now())
    if (this.rings !== null) this.feed(value)
  }

  /** The configured quantiles over the sliding window ending at `now`. */
  quantiles(now: number): Array<{ quantile: number; value: number }> {
    const acc = new WindowAccumulator()
    this.age.accumulate(acc, now)
    return this.summary.quantiles.map((quantile) => ({ quantile, value: acc.quantile(quantile) }))
  }

  /** The compensated cumulative sum. */
  total(): number {
    return this.sum + this.comp
  }
}

/** The summary instrument. */
export class SummaryInstrument extends RecorderInstrument<SummarySeries> implements Summary {
  readonly kind = 'summary' as const
  readonly quantiles: readonly number[]
  /** Sliding window, ms. */
  readonly window: number
  readonly ageBuckets: number

  constructor(
    ctx: EngineContext,
    config: InstrumentConfig,
    quantiles: readonly number[],
    window: number,
    ageBuckets: number,
  ) {
    super(ctx, config)
    this.quantiles = quantiles
    this.window = window
    this.ageBuckets = ageBuckets
  }

  protected newSeries(set: KeySetInfo, startTime: number): SummarySeries {
    return new SummarySeries(set, startTime)
  }
}
