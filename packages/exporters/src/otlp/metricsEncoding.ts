/**
 * Metric snapshots as an OTLP `ExportMetricsServiceRequest`, in protobuf or OTLP/JSON. Values are
 * converted to base units at this boundary (ms histograms become seconds).
 */
import type { Exemplar, MetricSnapshot, SeriesSnapshot } from '@foundation-telemetry/core'
import { type BaseUnit, baseUnitOf, scale } from '../shared/units.ts'
import {
  beginResourceGroup,
  beginScopeGroup,
  type JsonExportRequest,
  type JsonKeyValue,
  jsonAttributes,
  jsonDouble,
  jsonResource,
  jsonScope,
  msToNanos,
  type OtlpAttributes,
  writeAttributes,
} from './common.ts'
import {
  ExemplarField,
  HistogramDataPointField,
  MetricDataField,
  MetricField,
  NumberDataPointField,
  ScopeGroupField,
  SummaryDataPointField,
  ValueAtQuantileField,
} from './otlpFields.ts'
import { encodeProto, type ProtoSink } from './protobufWriter.ts'

/** What a metrics request carries besides the snapshots. */
export interface MetricsRequestContext {
  resource: OtlpAttributes
  scope: { name: string; version?: string }
}

const DELTA = 1
const CUMULATIVE = 2

const temporalityOf = (metric: MetricSnapshot) => (metric.temporality === 'delta' ? DELTA : CUMULATIVE)

/** Number of data points in `metrics`, the unit OTLP partial success counts in. */
export function countDataPoints(metrics: readonly MetricSnapshot[]): number {
  let total = 0
  for (const metric of metrics) total += metric.series.length
  return total
}

/** Encode metric snapshots as a protobuf `ExportMetricsServiceRequest`. */
export function encodeMetricsProto(
  metrics: readonly MetricSnapshot[],
  context: MetricsRequestContext,
): Uint8Array {
  try {
    return encodeMetricsProtoUnguarded(metrics, context)
  } catch {
    // Not the data this helper takes (or data whose fields throw): an empty result, never an exception.
    return new Uint8Array(0)
  }
}

function encodeMetricsProtoUnguarded(
  metrics: readonly MetricSnapshot[],
  context: MetricsRequestContext,
): Uint8Array {
  return encodeProto((sink) => {
    beginResourceGroup(sink, context.resource)
    beginScopeGroup(sink, context.scope)
    for (const metric of metrics) writeMetric(sink, metric)
    sink.end()
    sink.end()
  })
}

function writeMetric(sink: ProtoSink, metric: MetricSnapshot): void {
  const base = baseUnitOf(metric.unit)
  sink.begin(ScopeGroupField.items)
  sink.string(MetricField.name, metric.name)
  if (metric.description) sink.string(MetricField.description, metric.description)
  if (base.unit) sink.string(MetricField.unit, base.unit)
  switch (metric.kind) {
    case 'counter':
    case 'updowncounter':
      sink.begin(MetricField.sum)
      for (const series of metric.series) writeNumberPoint(sink, series, base)
      sink.uint(MetricDataField.aggregationTemporality, temporalityOf(metric))
      if (metric.monotonic) sink.uint(MetricDataField.isMonotonic, 1)
      sink.end()
      break
    case 'gauge':
      sink.begin(MetricField.gauge)
      for (const series of metric.series) writeNumberPoint(sink, series, base)
      sink.end()
      break
    case 'histogram':
      sink.begin(MetricField.histogram)
      for (const series of metric.series) writeHistogramPoint(sink, series, base)
      sink.uint(MetricDataField.aggregationTemporality, temporalityOf(metric))
      sink.end()
      break
    case 'summary':
      sink.begin(MetricField.summary)
      for (const series of metric.series) writeSummaryPoint(sink, series, base)
      sink.end()
      break
  }
  sink.end()
}

const OVERFLOW_ATTRIBUTE = 'otel.metric.overflow'

/**
 * A series' tags as OTLP attributes. Tags are strings; the overflow series' marker is the boolean
 * attribute `otel.metric.overflow=true`, as the OpenTelemetry metrics SDK specification names it.
 */
function pointAttributes(tags: Readonly<Record<string, string>>): OtlpAttributes {
  return tags[OVERFLOW_ATTRIBUTE] === 'true' ? { ...tags, [OVERFLOW_ATTRIBUTE]: true } : tags
}

/**
 * Open a data point of `series`: its attributes (in `attributesField`, which differs per point
 * kind) and its times, which every point kind numbers 2 (start) and 3 (time). The caller ends it.
 */
function beginPoint(sink: ProtoSink, attributesField: number, series: SeriesSnapshot): void {
  sink.begin(MetricDataField.dataPoints)
  writeAttributes(sink, attributesField, pointAttributes(series.tags))
  sink.timeNanos(NumberDataPointField.startTimeUnixNano, series.startTime)
  sink.timeNanos(NumberDataPointField.timeUnixNano, series.time)
}

/** What histogram and summary points both carry besides their own fields. */
interface CountAndSum {
  readonly count: number
  readonly sum: number
}

/**
 * Open a histogram or summary point: `beginPoint`, then the count and the sum, which both kinds
 * number 4 (fixed64) and 5. The caller writes the rest and ends it.
 */
function beginAggregatePoint(
  sink: ProtoSink,
  attributesField: number,
  series: SeriesSnapshot,
  aggregate: CountAndSum,
  base: BaseUnit,
): void {
  beginPoint(sink, attributesField, series)
  sink.fixed64(HistogramDataPointField.count, BigInt(Math.max(0, Math.round(aggregate.count))))
  sink.double(HistogramDataPointField.sum, scale(aggregate.sum, base))
}

function writeNumberPoint(sink: ProtoSink, series: SeriesSnapshot, base: BaseUnit): void {
  beginPoint(sink, NumberDataPointField.attributes, series)
  sink.double(NumberDataPointField.asDouble, scale(series.value ?? 0, base))
  writeExemplars(sink, NumberDataPointField.exemplars, series.exemplars, base)
  sink.end()
}

function writeHistogramPoint(sink: ProtoSink, series: SeriesSnapshot, base: BaseUnit): void {
  const histogram = series.histogram
  if (!histogram) return
  beginAggregatePoint(sink, HistogramDataPointField.attributes, series, histogram, base)
  sink.packedFixed64(HistogramDataPointField.bucketCounts, histogram.counts)
  sink.packedDouble(
    HistogramDataPointField.explicitBounds,
    histogram.bounds.map((bound) => scale(bound, base)),
  )
  writeExemplars(sink, HistogramDataPointField.exemplars, series.exemplars, base)
  if (histogram.count > 0) {
    sink.double(HistogramDataPointField.min, scale(histogram.min, base))
    sink.double(HistogramDataPointField.max, scale(histogram.max, base))
  }
  sink.end()
}

function writeSummaryPoint(sink: ProtoSink, series: SeriesSnapshot, base: BaseUnit): void {
  const summary = series.summary
  if (!summary) return
  beginAggregatePoint(sink, SummaryDataPointField.attributes, series, summary, base)
  for (const quantile of summary.quantiles) {
    sink.begin(SummaryDataPointField.quantileValues)
    sink.double(ValueAtQuantileField.quantile, quantile.quantile)
    sink.double(ValueAtQuantileField.value, scale(quantile.value, base))
    sink.end()
  }
  sink.end()
}

function writeExemplars(
  sink: ProtoSink,
  field: number,
  exemplars: readonly Exemplar[] | undefined,
  base: BaseUnit,
): void {
  if (!exemplars) return
  for (const exemplar of exemplars) {
    sink.begin(field)
    sink.timeNanos(ExemplarField.timeUnixNano, exemplar.time)
    sink.double(ExemplarField.asDouble, scale(exemplar.value, base))
    sink.hexBytes(ExemplarField.spanId, exemplar.spanId)
    sink.hexBytes(ExemplarField.traceId, exemplar.traceId)
    sink.end()
  }
}

/** An OTLP/JSON data point of any kind (fields present depend on the metric type). */
export type JsonDataPoint = Record<string, unknown> & { attributes: JsonKeyValue[] }

/** OTLP/JSON metric. */
export interface JsonMetric {
  name: string
  description: string
  unit: string
  sum?: { dataPoints: JsonDataPoint[]; aggregationTemporality: number; isMonotonic: boolean }
  gauge?: { dataPoints: JsonDataPoint[] }
  histogram?: { dataPoints: JsonDataPoint[]; aggregationTemporality: number }
  summary?: { dataPoints: JsonDataPoint[] }
}

const METRIC_MEMBERS = { resource: 'resourceMetrics', scope: 'scopeMetrics', items: 'metrics' } as const

/** OTLP/JSON `ExportMetricsServiceRequest`. */
export type JsonMetricsRequest = JsonExportRequest<typeof METRIC_MEMBERS, JsonMetric>

/** Build the OTLP/JSON metrics request (int64 as decimal strings, integer enums). */
export function toJsonMetricsRequest(
  metrics: readonly MetricSnapshot[],
  context: MetricsRequestContext,
): JsonMetricsRequest {
  try {
    return toJsonMetricsRequestUnguarded(metrics, context)
  } catch {
    // Not the data this helper takes (or data whose fields throw): an empty result, never an exception.
    return { resourceMetrics: [] }
  }
}

function toJsonMetricsRequestUnguarded(
  metrics: readonly MetricSnapshot[],
  context: MetricsRequestContext,
): JsonMetricsRequest {
  return {
    resourceMetrics: [
      {
        resource: jsonResource(context.resource),
        scopeMetrics: [{ scope: jsonScope(context.scope), metrics: metrics.map(toJsonMetric) }],
      },
    ],
  }
}

function toJsonMetric(metric: MetricSnapshot): JsonMetric {
  const base = baseUnitOf(metric.unit)
  const out: JsonMetric = { name: metric.name, description: metric.description, unit: base.unit }
  const temporality = temporalityOf(metric)
  switch (metric.kind) {
    case 'counter':
    case 'updowncounter':
      out.sum = {
        dataPoints: metric.series.map((series) => jsonNumberPoint(series, base)),
        aggregationTemporality: temporality,
        isMonotonic: metric.monotonic,
      }
      break
    case 'gauge':
      out.gauge = { dataPoints: metric.series.map((series) => jsonNumberPoint(series, base)) }
      break
    case 'histogram':
      out.histogram = {
        dataPoints: metric.series.flatMap((series) => jsonHistogramPoint(series, base)),
        aggregationTemporality: temporality,
      }
      break
    case 'summary':
      out.summary = { dataPoints: metric.series.flatMap((series) => jsonSummaryPoint(series, base)) }
      break
  }
  return out
}

function jsonPointBase(series: SeriesSnapshot): JsonDataPoint {
  return {
    attributes: jsonAttributes(pointAttributes(series.tags)),
    startTimeUnixNano: msToNanos(series.startTime).toString(),
    timeUnixNano: msToNanos(series.time).toString(),
  }
}

/** A histogram or summary point: `jsonPointBase`, the count (an int64, so a decimal string) and the sum. */
function jsonAggregatePoint(series: SeriesSnapshot, aggregate: CountAndSum, base: BaseUnit): JsonDataPoint {
  const point = jsonPointBase(series)
  point.count = String(Math.max(0, Math.round(aggregate.count)))
  point.sum = jsonDouble(scale(aggregate.sum, base))
  return point
}

function jsonExemplars(exemplars: readonly Exemplar[] | undefined, base: BaseUnit): unknown[] {
  return (exemplars ?? []).map((exemplar) => ({
    timeUnixNano: msToNanos(exemplar.time).toString(),
    asDouble: jsonDouble(scale(exemplar.value, base)),
    spanId: exemplar.spanId.toLowerCase(),
    traceId: exemplar.traceId.toLowerCase(),
  }))
}

function jsonNumberPoint(series: SeriesSnapshot, base: BaseUnit): JsonDataPoint {
  const point = jsonPointBase(series)
  point.asDouble = jsonDouble(scale(series.value ?? 0, base))
  if (series.exemplars?.length) point.exemplars = jsonExemplars(series.exemplars, base)
  return point
}

function jsonHistogramPoint(series: SeriesSnapshot, base: BaseUnit): JsonDataPoint[] {
  const histogram = series.histogram
  if (!histogram) return []
  const point = jsonAggregatePoint(series, histogram, base)
  point.bucketCounts = histogram.counts.map((count) => String(count))
  point.explicitBounds = histogram.bounds.map((bound) => jsonDouble(scale(bound, base)))
  if (histogram.count > 0) {
    point.min = jsonDouble(scale(histogram.min, base))
    point.max = jsonDouble(scale(histogram.max, base))
  }
  if (series.exemplars?.length) point.exemplars = jsonExemplars(series.exemplars, base)
  return [point]
}

function jsonSummaryPoint(series: SeriesSnapshot, base: BaseUnit): JsonDataPoint[] {
  const summary = series.summary
  if (!summary) return []
  const point = jsonAggregatePoint(series, summary, base)
  point.quantileValues = summary.quantiles.map((quantile) => ({
    quantile: quantile.quantile,
    value: jsonDouble(scale(quantile.value, base)),
  }))
  return [point]
}

/** Encode metric snapshots as an OTLP/JSON request body. */
export function encodeMetricsJson(
  metrics: readonly MetricSnapshot[],
  context: MetricsRequestContext,
): Uint8Array {
  try {
    return encodeMetricsJsonUnguarded(metrics, context)
  } catch {
    // Not the data this helper takes (or data whose fields throw): an empty result, never an exception.
    return Buffer.from('{"resourceMetrics":[]}', 'utf8')
  }
}

function encodeMetricsJsonUnguarded(
  metrics: readonly MetricSnapshot[],
  context: MetricsRequestContext,
): Uint8Array {
  return Buffer.from(JSON.stringify(toJsonMetricsRequest(metrics, context)), 'utf8')
}
