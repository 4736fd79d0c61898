/**
 * What every instrument kind shares: identity (name, kind, unit, description), the series
 * table with its cardinality limit, the windows its series feed, and how bad input is reported.
 */
import type { MetricDefinition } from '@foundation-telemetry/taxonomy'
import { TelemetryErrorCode } from '../errors.ts'
import type { EngineContext } from './engineContext.ts'
import { DEFAULT_WINDOW_BUCKETS, RollingWindow } from './rollingWindow.ts'
import type { KeySetInfo } from './series.ts'
import { type SeriesFactory, SeriesTable } from './seriesTable.ts'
import type { InstrumentKind, Unit } from './types.ts'

/** Resolved identity and limits of an instrument (options after defaults). */
export interface InstrumentConfig {
  name: string
  unit: Unit
  description: string
  cardinalityLimit: number
  /** Tag keys kept; undefined keeps all. */
  tagKeys: readonly string[] | undefined
  /** Windows (ms) every series keeps from creation. */
  windows: readonly number[]
  /** The taxonomy's definition, when it has one (bucket advice). */
  definition: MetricDefinition | undefined
}

/**
 * The base of counters, gauges, histograms and summaries. `TSeries` is what the series table
 * stores per tag set: a series object, or (counters) a column index.
 */
export abstract class Instrument<TSeries> implements SeriesFactory<TSeries> {
  readonly name: string
  abstract readonly kind: InstrumentKind
  readonly unit: Unit
  readonly description: string
  readonly ctx: EngineContext
  /** Epoch ms of creation; series start times are stored as offsets from it. */
  readonly createdAt: number
  readonly table: SeriesTable<TSeries>
  /** Windows (ms) every series of this instrument feeds: declared ones and those asked for untagged. */
  readonly windows: number[]

  constructor(ctx: EngineContext, config: InstrumentConfig) {
    this.ctx = ctx
    this.name = config.name
    this.unit = config.unit
    this.description = config.description
    this.windows = [...config.windows]
    this.createdAt = ctx.clock.now()
    this.table = new SeriesTable(this, config.cardinalityLimit, config.tagKeys)
  }

  /** Counters are monotonic; everything else is not. */
  get monotonic(): boolean {
    return this.kind === 'counter'
  }

  createSeries(set: KeySetInfo, startTime: number): TSeries {
    const series = this.newSeries(set, startTime)
    for (const window of this.windows) this.attachRing(series, this.newRing(window, startTime))
    return series
  }

  /** The ring for `window` ms that `series` feeds, if any. */
  abstract ringOf(series: TSeries, window: number): RollingWindow | undefined

  /** Make `series` feed `ring` from now on. */
  abstract attachRing(series: TSeries, ring: RollingWindow): void

  /** How many windows `series` feeds. */
  abstract ringCount(series: TSeries): number

  /** A ring for `window` ms; counters keep no per-bucket sketch (quantiles of increments mean little). */
  newRing(window: number, now: number): RollingWindow {
    const sketch = this.kind !== 'counter' && this.kind !== 'updowncounter'
    return new RollingWindow(window, DEFAULT_WINDOW_BUCKETS, sketch, now)
  }

  rejectValue(value: unknown): void {
    this.ctx.counters.rejected++
    this.ctx.report(
      TelemetryErrorCode.INVALID_INPUT,
      `metric ${this.name} (${this.kind}) rejected value ${describe(value)}`,
      { metric: this.name, kind: this.kind, value: describe(value) },
    )
  }

  /** The series `bind(tags)` returns; a tag object that throws while read binds the untagged series. */
  protected bindSeries(tags: unknown): TSeries {
    try {
      return this.table.resolve(tags)
    } catch (error) {
      this.internalError(error)
      return this.table.resolve(undefined)
    }
  }

  /** An unexpected failure inside an instrument method: reported, never thrown. */
  protected internalError(error: unknown): void {
    this.ctx.report(TelemetryErrorCode.INVALID_INPUT, `metric ${this.name}: ${describe(error)}`, {
      metric: this.name,
      error,
    })
  }

  /** `recordMetric` entry point: add, set or record, as this kind does. */
  abstract recordValue(value: number, tags: unknown): void

  protected abstract newSeries(set: KeySetInfo, startTime: number): TSeries
}

/** A short, safe description of any value for diagnostics. */
export function describe(value: unknown): string {
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value)
  try {
    // A revoked or hostile Proxy throws from instanceof (getPrototypeOf) and from message.
    if (value instanceof Error) return String(value.message)
  } catch {
    return 'unreadable object'
  }
  return typeof value
}

/** Whether `value` is a finite number (the `v - v === 0` test is false for NaN and infinities). */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && value - value === 0
}
