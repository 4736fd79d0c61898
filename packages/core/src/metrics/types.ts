/**
 * Public types of the metrics engine: instruments, rolling windows, and the snapshot model
 * that exporters read through {@link Metrics.collect}.
 */

/** Tag values are stringified predictably: strings as is, numbers/booleans with `String()`. */
export type TagValue = string | number | boolean
export type Tags = Record<string, TagValue | null | undefined>

export type InstrumentKind = 'counter' | 'updowncounter' | 'gauge' | 'histogram' | 'summary'

/**
 * Units follow UCUM as OpenTelemetry uses them: `ms`, `s`, `By`, `1` (dimensionless),
 * `{request}` style annotations, `%`, `USD`. Durations are `ms` inside the process.
 */
export type Unit = string

export interface InstrumentOptions {
  /** Human description (Prometheus HELP). Defaults to the taxonomy's, else the name. */
  description?: string
  /** Defaults to the taxonomy's unit, else `1`. */
  unit?: Unit
  /**
   * Series per instrument before new tag sets go to one overflow series
   * (`{otel_metric_overflow="true"}`) that keeps totals. Defaults to 2000.
   */
  cardinalityLimit?: number
  /** Tag keys kept; others are dropped. Defaults to every key. */
  tagKeys?: readonly string[]
  /**
   * Rolling windows (ms) every series keeps from its creation, e.g. `[60_000, 300_000]`, so
   * {@link Metrics.windowStats} has history from the start. Windows asked for without being
   * declared start when first asked. Defaults to none.
   */
  windows?: readonly number[]
}

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

export interface SummaryOptions extends InstrumentOptions {
  /** Quantiles reported. Defaults to `[0.5, 0.9, 0.99]`. */
  quantiles?: readonly number[]
  /** Sliding window in ms over which quantiles are computed. Defaults to 600 000 (10 min). */
  window?: number
  /** Sub-windows the sliding window rotates through. Defaults to 5. */
  ageBuckets?: number
}

export interface GaugeOptions extends InstrumentOptions {
  /** Called at collection; `observe(value, tags)` once per series. */
  callback?: (observe: (value: number, tags?: Tags) => void) => void
}

export interface BoundCounter {
  add(value?: number): void
}
export interface Counter {
  readonly name: string
  /** Adds `value` (default 1). Negative or non-finite values are rejected and counted, never thrown. */
  add(value?: number, tags?: Tags): void
  /** Resolve the series once for a hot path. */
  bind(tags?: Tags): BoundCounter
}
export interface UpDownCounter {
  readonly name: string
  add(value: number, tags?: Tags): void
  bind(tags?: Tags): BoundCounter
}
export interface BoundGauge {
  set(value: number): void
}
export interface Gauge {
  readonly name: string
  set(value: number, tags?: Tags): void
  bind(tags?: Tags): BoundGauge
}
export interface BoundRecorder {
  record(value: number): void
}
export interface Histogram {
  readonly name: string
  record(value: number, tags?: Tags): void
  bind(tags?: Tags): BoundRecorder
}
export interface Summary {
  readonly name: string
  record(value: number, tags?: Tags): void
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

export interface HistogramData {
  /** Explicit bucket upper bounds, increasing (no `+Inf`). */
  bounds: readonly number[]
  /** Per-bucket counts, NOT cumulative: `counts.length === bounds.length + 1`, the last is the overflow. */
  counts: readonly number[]
  sum: number
  count: number
  min: number
  max: number
  /** Quantiles from the sketch, when the histogram keeps one. */
  quantiles?: ReadonlyArray<{ quantile: number; value: number }>
}

export interface SummaryData {
  quantiles: ReadonlyArray<{ quantile: number; value: number }>
  /** Sum and count since start (cumulative), as Prometheus summaries report them. */
  sum: number
  count: number
}

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

export interface RollingWindowOptions {
  /** The window length in ms. */
  window: number
  /** Resolution: how many buckets the window is split into. Defaults to 60. */
  buckets?: number
}

export interface Metrics {
  counter(name: string, options?: InstrumentOptions): Counter
  upDownCounter(name: string, options?: InstrumentOptions): UpDownCounter
  gauge(name: string, options?: GaugeOptions): Gauge
  histogram(name: string, options?: HistogramOptions): Histogram
  summary(name: string, options?: SummaryOptions): Summary
  /** Snapshot every instrument for an exporter. */
  collect(options?: CollectOptions): MetricSnapshot[]
  /**
   * Recent-window statistics of one series (or, without tags, of every series of the
   * instrument merged). `window` is in ms (60 000 for 1 m). Returns undefined for an unknown name.
   */
  windowStats(name: string, window: number, tags?: Tags): WindowStats | undefined
  /**
   * The ratio of two counters' sums over the window (e.g. failures / total). NaN when the
   * denominator is zero.
   */
  windowRatio(numerator: string, denominator: string, window: number, tags?: Tags): number
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
