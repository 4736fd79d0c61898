import type { TaxonomyLayer } from './eventSpec.ts'

/** Instrument kinds, as core's metrics engine names them. */
export type MetricKind = 'counter' | 'updowncounter' | 'gauge' | 'histogram' | 'summary'

/**
 * One metric: the single source of truth collectors record to, exporters name and convert,
 * and dashboards and docs list.
 */
export interface MetricDefinition {
  /** Dot-separated snake_case: `foundation_jido.signal.dispatch_duration`. */
  readonly name: string
  readonly kind: MetricKind
  /** UCUM, as OpenTelemetry uses it: `ms`, `By`, `1` (ratio 0..1), `{request}`, `USD`. */
  readonly unit: string
  /** One sentence; the Prometheus HELP text. */
  readonly description: string
  /** The tag keys collectors attach; bounded sets only (no ids of unbounded populations). */
  readonly tagKeys: readonly string[]
  /** The taxonomy layer; absent for metrics defined outside the taxonomy. */
  readonly layer?: TaxonomyLayer
  /** A key performance indicator named in seed 000. */
  readonly kpi?: boolean
  /** The OpenTelemetry semantic-convention metric this one is, when one names the same thing. */
  readonly otelName?: string
  /** Tag key -> OpenTelemetry attribute name, for exporters that emit `otelName`. */
  readonly otelAttributes?: Readonly<Record<string, string>>
  /** Histogram bucket advice: upper bounds in this metric's `unit`, increasing. */
  readonly buckets?: readonly number[]
  /** The taxonomy events a collector records this metric from. */
  readonly events?: readonly string[]
  /**
   * The measurement key of `events` this metric records. Defaults: counters count one per
   * event, histograms and summaries read `duration`; gauges without it (or `valueMap`) are
   * computed by their collector.
   */
  readonly measurement?: string
  /**
   * Recorded by code of its own (core's runtime sampler, a collector's KPI calculation), not
   * derived from `events` by a declarative definition.
   */
  readonly recordedByCode?: boolean
  /** A gauge read from a metadata value: `{ key: 'to', values: { closed: 0, half_open: 0.5, open: 1 } }`. */
  readonly valueMap?: { readonly key: string; readonly values: Readonly<Record<string, number>> }
  /** The seed's spelling when it differs (`foundation.infrastructure.circuit_breaker.health`). */
  readonly seedName?: string
}

/** One row of a layer table: a definition without its layer, its name kept as a literal type. */
export type MetricRow<TName extends string> = Omit<MetricDefinition, 'layer' | 'name'> & {
  readonly name: TName
}

/** A row's fields after its name and kind, in the order the tables write them. */
type MetricFields = Omit<MetricDefinition, 'layer' | 'name' | 'kind'>
/** Only histograms take bucket advice. */
type UnbucketedFields = Omit<MetricFields, 'buckets'>

function rowsOfKind<TFields extends MetricFields>(kind: MetricKind) {
  return <TName extends string>(name: TName, fields: TFields): MetricRow<TName> => ({ name, kind, ...fields })
}

/** A counter row, written as OpenTelemetry's `meter.createCounter(name, options)` is. */
export const counter = rowsOfKind<UnbucketedFields>('counter')
/** An up-down counter row: a count that goes up and down (processes registered now). */
export const updowncounter = rowsOfKind<UnbucketedFields>('updowncounter')
/** A gauge row: a value set, not added to. */
export const gauge = rowsOfKind<UnbucketedFields>('gauge')
/** A histogram row, the one kind that takes `buckets`. */
export const histogram = rowsOfKind<MetricFields>('histogram')

/**
 * Attach the layer to one layer file's rows. The rows' names are kept as literal types, so
 * `TaxonomyMetricName` (and the editor's completion of metric names) follows the tables.
 */
export function defineMetrics<TName extends string>(
  layer: TaxonomyLayer,
  rows: ReadonlyArray<MetricRow<TName>>,
): ReadonlyArray<MetricDefinition & { readonly name: TName; readonly layer: TaxonomyLayer }> {
  return rows.map((row) => ({ ...row, layer }))
}

/** Bucket advice shared by the layer tables, in milliseconds unless named otherwise. */
export const bucketAdvice = {
  /** In-memory operations: registry lookups, cache reads. */
  fastMs: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100],
  /** OpenTelemetry's HTTP duration advice (0.005 s .. 10 s), in ms. */
  requestMs: [5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000],
  /** OpenTelemetry's GenAI operation-duration advice (0.01 s .. 81.92 s), in ms. */
  llmMs: [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10240, 20480, 40960, 81920],
  /** Seed 000's optimization buckets (1 s .. 10 min), in ms. */
  longMs: [1000, 5000, 10000, 30000, 60000, 300000, 600000],
  /** OpenTelemetry's GenAI token-usage advice (powers of 4). */
  tokens: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864],
  /** Scores and ratios in 0..1. */
  ratio: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
} as const
