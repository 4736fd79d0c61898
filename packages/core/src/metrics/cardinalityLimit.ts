/**
 * The cardinality limit of one instrument: how many series it has, and the one overflow series
 * (`{ 'otel.metric.overflow': 'true' }`, the OpenTelemetry attribute) that new tag sets go to once
 * the limit is reached, so totals are kept. Reaching it is counted every time and reported once
 * per episode (re-armed by each collection).
 */
import { TelemetryErrorCode } from '../errors.ts'
import type { KeySetInfo, SeriesOwner } from './series.ts'

/** The tag key of the overflow series, as OpenTelemetry names it. */
export const OVERFLOW_KEY = 'otel.metric.overflow'
export const OVERFLOW_KEYS: readonly string[] = [OVERFLOW_KEY]

/** Creates the kind-specific series entry (a series object, or a column index for counters). */
export interface SeriesFactory<TSeries> extends SeriesOwner {
  createSeries(set: KeySetInfo, startTime: number): TSeries
}

/** Series counting and the overflow series of one instrument. */
export class CardinalityLimit<TSeries> {
  /** Series created, excluding the overflow series. */
  size = 0
  readonly limit: number
  private readonly factory: SeriesFactory<TSeries>
  private overflow: TSeries | null = null
  private noticed = false

  constructor(factory: SeriesFactory<TSeries>, limit: number) {
    this.factory = factory
    this.limit = limit
  }

  /** Whether the limit is reached: no new series or key set may be created. */
  get full(): boolean {
    return this.size >= this.limit
  }

  /** A new series of `set`, or the overflow series when the limit is reached. */
  create(set: KeySetInfo): TSeries {
    if (this.size >= this.limit) return this.overflowed()
    const created = this.factory.createSeries(set, this.factory.ctx.clock.now())
    this.size++
    return created
  }

  /** The overflow series (created on first use); counts the redirected tag set. */
  overflowed(): TSeries {
    const ctx = this.factory.ctx
    ctx.counters.overflowed++
    if (!this.noticed) {
      this.noticed = true
      ctx.report(
        TelemetryErrorCode.DATA_DROPPED,
        `metric ${this.factory.name} reached its cardinality limit of ${this.limit} series; new tag sets go to the overflow series`,
        { metric: this.factory.name, limit: this.limit, reason: 'cardinality_limit' },
      )
    }
    if (this.overflow === null) {
      const set: KeySetInfo = { owner: this.factory, keys: OVERFLOW_KEYS }
      this.overflow = this.factory.createSeries(set, ctx.clock.now())
    }
    return this.overflow
  }

  /** The overflow series, if any tag set went to it. */
  get overflowSeries(): TSeries | null {
    return this.overflow
  }

  /** Allow the next overflow to be reported again (called once per collection). */
  rearm(): void {
    this.noticed = false
  }
}
