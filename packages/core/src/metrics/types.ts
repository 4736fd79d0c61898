/**
 * Public types of the metrics engine: instruments, rolling windows, and the snapshot model
 * that exporters read through {@link Metrics.collect}.
 */

import type { EventName, MetricName } from '@foundation-telemetry/taxonomy'
import type { Measurements, Metadata } from '../types.ts'

/** Tag values are stringified predictably: strings as is, numbers/booleans with `String()`. */
export type TagValue = string | number | boolean
/**
 * Tags of one data point. Key order is irrelevant; `null` and `undefined` values are dropped.
 * Keep values from bounded sets: each distinct tag set is a series.
 */
export type Tags = Record<string, TagValue | null | undefined>

/** The instrument kinds, as the taxonomy names them. */
export type InstrumentKind = 'counter' | 'updowncounter' | 'gauge' | 'histogram' | 'summary'

/**
 * Units follow UCUM as OpenTelemetry uses them: `ms`, `s`, `By`, `1` (dimensionless),
 * `{request}` style annotations, `%`, `USD`. Durations are `ms` inside the process.
 */
export type Unit = string

/** Options every instrument accepts. */
export interface InstrumentOptions {
  /** Human description (Prometheus HELP). Defaults to the taxonomy's, else the name. */
  description?: string
  /** Defaults to the taxonomy's unit, else `1`. */
  unit?: Unit
  /**
   * Series per instrument before new tag sets go to one overflow series
   * (`otel.metric.overflow=true`; `otel_metric_overflow="true"` in Prometheus) that keeps totals. Defaults to 2000.
   */
  cardinalityLimit?: number
  /**
   * Tag keys kept; others are dropped. Declared keys are read by name instead of walking each tag
   * object, the fastest tagged path. Defaults to every key.
   */
  tagKeys?: readonly string[]
  /**
   * Rolling windows (ms) every series keeps from its creation, e.g. `[60_000, 300_000]`, so
   * {@link Metrics.windowStats} has history from the start. Windows asked for without being
   * declared start when first asked. Defaults to none.
   */
  windows?: readonly number[]
}

/** Options of {@link Metrics.histogram}. */
export interface HistogramOptions extends InstrumentOptions {
  /** Explicit bucket upper bounds, increasing. Defaults suit the unit (ms, s, By, or 1). */
  buckets?: readonly number[]
  /**
   * Keep a mergeable quantile sketch (≤ 1% relative error) per series, allocated on the
   * series' first record. Defaults to `true`.
   */
  sketch?: boolean
  /** Quantiles reported from the sketch in snapshots. Defaults to `[0.5, 0.9, 0.99]`. */
  quantiles?: readonly number[]
}

/** Options of {@link Metrics.summary}. */
export interface SummaryOptions extends InstrumentOptions {
  /** Quantiles reported. Defaults to `[0.5, 0.9, 0.99]`. */
  quantiles?: readonly number[]
  /** Sliding window in ms over which quantiles are computed. Defaults to 600 000 (10 min). */
  window?: number
  /** Sub-windows the sliding window rotates through. Defaults to 5. */
  ageBuckets?: number
}

/** Options of {@link Metrics.gauge}. */
export interface GaugeOptions extends InstrumentOptions {
  /** Called at collection; `observe(value, tags)` once per series. */
  callback?: (observe: (value: number, tags?: Tags) => void) => void
}

/** A counter (or up-down counter) series resolved once by `bind(tags)`: `add` is the cheapest path. */
export interface BoundCounter {
  /** Adds `value` (default 1), validated as the instrument validates it. */
  add(value?: number): void
}
/** A monotonic counter: totals that only go up (requests, errors, tokens). */
export interface Counter {
  readonly name: string
  /** Adds `value` (default 1). Negative or non-finite values are rejected and counted, never thrown. */
  add(value?: number, tags?: Tags): void
  /** Resolve the series once for a hot path. */
  bind(tags?: Tags): BoundCounter
}
/** A counter that may go down (in-flight requests, queue length by increments). */
export interface UpDownCounter {
  readonly name: string
  /** Adds any finite `value`; non-finite values are rejected and counted, never thrown. */
  add(value: number, tags?: Tags): void
  /** Resolve the series once for a hot path. */
  bind(tags?: Tags): BoundCounter
}
/** A gauge series resolved once by `bind(tags)`. */
export interface BoundGauge {
  /** Sets the current value (finite numbers only). */
  set(value: number): void
}
/** A gauge: the last value set per series, or values observed by a callback at collection. */
export interface Gauge {
  readonly name: string
  /** Sets the current value of the series `tags` names (finite numbers only). */
  set(value: number, tags?: Tags): void
  /** Resolve the series once for a hot path. */
  bind(tags?: Tags): BoundGauge
}
/** A histogram or summary series resolved once by `bind(tags)`. */
export interface BoundRecorder {
  /** Records one finite value. */
  record(value: number): void
}
/** A histogram: explicit buckets, exact sum/count/min/max, a quantile sketch and exemplars per series. */
export interface Histogram {
  readonly name: string
  /** Records one finite value (durations in ms). */
  record(value: number, tags?: Tags): void
  /** Resolve the series once for a hot path. */
  bind(tags?: Tags): BoundRecorder
}
/** A summary: quantiles over a sliding window, cumulative sum and count. */
export interface Summary {
  readonly name: string
  /** Records one finite value. */
  record(value: number, tags?: Tags): void
  /** Resolve the series once for a hot path. */
  bind(tags?: Tags): BoundRecorder
}

/** An exemplar: a recent sample recorded while a sampled span was active. */
export interface Exemplar {
  value: number
  /** Epoch milliseconds. */
  time: number
  traceId: string
  spanId: string
}

/** The histogram part of a {@link SeriesSnapshot}. */
export interface HistogramData {
  /** Explicit bucket upper bounds, increasing (no `+Inf`). */
  bounds: readonly number[]
  /** Per-bucket counts, NOT cumulative: `counts.length === bounds.length + 1`, the last is the overflow. */
  counts: readonly number[]
  /** Exact (compensated) sum of the recorded values: since start, or over the delta interval. */
  sum: number
  count: number
  /** Smallest value recorded. Over the series' lifetime, also in delta collections. */
  min: number
  /** Largest value recorded. Over the series' lifetime, also in delta collections. */
  max: number
  /** Quantiles from the sketch (≤ 1% relative error), in cumulative collections of histograms that keep one. */
  quantiles?: ReadonlyArray<{ quantile: number; value: number }>
}

/** The summary part of a {@link SeriesSnapshot}. */
export interface SummaryData {
  /** The configured quantiles over the sliding window (NaN when the window is empty). */
  quantiles: ReadonlyArray<{ quantile: number; value: number }>
  /** Sum and count since start (cumulative), as Prometheus summaries report them; the interval's under delta. */
  sum: number
  count: number
}

/** One series of a {@link MetricSnapshot}. */
export interface SeriesSnapshot {
  /** Stringified tags, keys sorted. */
  tags: Readonly<Record<string, string>>
  /** Epoch ms: when this series (or, for delta, this interval) started. */
  startTime: number
  /** Epoch ms: when it was collected. */
  time: number
  /** Counter, up-down counter and gauge value. */
  value?: number
  histogram?: HistogramData
  summary?: SummaryData
  exemplars?: readonly Exemplar[]
}

/** One instrument as collected for an exporter. */
export interface MetricSnapshot {
  /** Dot-separated snake_case, as in the taxonomy: `foundation_jido.signal.dispatch_duration`. */
  name: string
  kind: InstrumentKind
  unit: Unit
  description: string
  temporality: 'cumulative' | 'delta'
  /** Counters are monotonic; up-down counters are not. */
  monotonic: boolean
  series: readonly SeriesSnapshot[]
}

/** Options of {@link Metrics.collect}. */
export interface CollectOptions {
  /**
   * `cumulative` (default) gives totals since start; `delta` gives the change since the
   * previous delta collection by the same `reader`.
   */
  temporality?: 'cumulative' | 'delta'
  /** Names the delta reader, so several exporters can each read their own deltas. Defaults to `default`. */
  reader?: string
}

/** Statistics over a recent window of one series. */
export interface WindowStats {
  /**
   * Per second over the window: the increase (sum) for counters and up-down counters, the
   * number of events (count) for gauges, histograms and summaries. A window younger than its
   * length is divided by the time it has covered.
   */
  rate: number
  sum: number
  count: number
  mean: number
  min: number
  max: number
  /** `quantile(0.99)` etc. NaN when empty. */
  quantile(q: number): number
}

/** A rolling window: its length and resolution. */
export interface RollingWindowOptions {
  /** The window length in ms. */
  window: number
  /** Resolution: how many buckets the window is split into. Defaults to 60. */
  buckets?: number
}

/**
 * One declarative metric for {@link Metrics.define}: which events record it, what value each
 * event gives and which tags it keeps, in the manner of Elixir's `Telemetry.Metrics`.
 * Taxonomy metrics take their kind, unit, description, tag keys, buckets and events from the
 * taxonomy unless given here.
 */
export interface MetricSpec {
  /** The metric name, e.g. `foundation.circuit_breaker.calls`. */
  name: MetricName
  /** Defaults to the taxonomy's kind for a taxonomy metric. */
  kind?: InstrumentKind
  /** The exact event names it is recorded from. Defaults to the taxonomy's `events`. */
  events?: EventName | readonly EventName[]
  /**
   * What each event records: a measurement key, a constant, or a function of the event (a result
   * that is not a number, or NaN, skips the event). Defaults: counters count 1 per event,
   * histograms and summaries read `duration`; gauges must say.
   */
  measurement?:
    | string
    | number
    | ((measurements: Measurements, metadata: Metadata, event: string) => number | undefined)
  /**
   * The unit of the measurement when it differs from the metric's (`s` read into an `ms`
   * metric is multiplied by 1000). Defaults to the measurement's unit in the taxonomy.
   */
  measurementUnit?: Unit
  /** Tag keys kept. Defaults to the taxonomy's, else none. */
  tagKeys?: readonly string[]
  /**
   * Tags of one event. Defaults to each tag key read from the metadata; `outcome` and `success`
   * missing from the metadata follow from the event name (`.stop`/`.complete` succeed unless
   * `success: false` or an `error` is set, `.exception` fails, another event is its last segment).
   */
  tagValues?: (metadata: Metadata, measurements: Measurements, event: string) => Tags
  /** Record only the events for which this returns true. */
  keep?: (metadata: Metadata, measurements: Measurements, event: string) => boolean
  /** Skip the events for which this returns true. */
  drop?: (metadata: Metadata, measurements: Measurements, event: string) => boolean
  unit?: Unit
  description?: string
  buckets?: readonly number[]
  windows?: readonly number[]
  quantiles?: readonly number[]
  cardinalityLimit?: number
}

/** What {@link Metrics.define} attached. */
export interface DefinedMetrics {
  /** The metric names that compiled and attached. */
  readonly metrics: readonly string[]
  /** Detach every handler the definitions attached. Idempotent. */
  detach(): void
}

/**
 * Metric instruments, the metric store and rolling windows (`t.metrics`).
 *
 * @example
 * const calls = t.metrics.counter('foundation.circuit_breaker.calls')
 * const bound = calls.bind({ name: 'payments', outcome: 'success' })
 * bound.add()
 * t.metrics.histogram('foundation.circuit_breaker.latency', { unit: 'ms' }).record(12.5, { name: 'payments' })
 * t.metrics.windowStats('foundation.circuit_breaker.latency', 60_000)?.quantile(0.99)
 */
export interface Metrics {
  /** A monotonic counter; the same name and kind returns the same instrument. */
  counter(name: MetricName, options?: InstrumentOptions): Counter
  /** An up-down counter. */
  upDownCounter(name: MetricName, options?: InstrumentOptions): UpDownCounter
  /** A gauge, optionally read through a callback at collection. */
  gauge(name: MetricName, options?: GaugeOptions): Gauge
  /** A histogram with explicit buckets and a quantile sketch. */
  histogram(name: MetricName, options?: HistogramOptions): Histogram
  /** A summary with sliding-window quantiles. */
  summary(name: MetricName, options?: SummaryOptions): Summary
  /**
   * Turn metric definitions into attached handlers: each event named records its metrics.
   * Invalid definitions are reported with the metric named and skipped. Never throws.
   *
   * @example
   * ```ts
   * t.metrics.define([
   *   { name: 'shop.orders', kind: 'counter', events: 'shop.order.placed', tagKeys: ['region'] },
   *   { name: 'shop.order.amount', kind: 'histogram', events: 'shop.order.placed', measurement: 'amount', unit: 'USD' },
   * ])
   * ```
   */
  define(definitions: readonly MetricSpec[]): DefinedMetrics
  /** Snapshot every instrument for an exporter. */
  collect(options?: CollectOptions): MetricSnapshot[]
  /**
   * Recent-window statistics of one series (or, without tags, of every series of the
   * instrument merged). `window` is in ms (60 000 for 1 m). Returns undefined for an unknown name.
   */
  windowStats(name: MetricName, window: number, tags?: Tags): WindowStats | undefined
  /**
   * The ratio of two counters' sums over the window (e.g. failures / total). NaN when the
   * denominator is zero.
   */
  windowRatio(numerator: MetricName, denominator: MetricName, window: number, tags?: Tags): number
  /**
   * Start runtime metrics (event-loop delay and utilisation, heap, RSS, GC, handles, CPU).
   * Returns a function that stops them. Zero cost until called.
   */
  startRuntimeMetrics(options?: { interval?: number }): () => void
}

/** Counts the metrics engine keeps about itself. */
export interface MetricsStats {
  /** Instruments registered. */
  instruments: number
  /** Series across every instrument, overflow series included. */
  series: number
  /** Values rejected (negative counter adds, non-finite numbers, bad tags). */
  rejected: number
  /** Tag-set resolutions sent to an overflow series by a cardinality limit. */
  overflowed: number
}
