/**
 * A `MetricProducer` for an OpenTelemetry `MeterProvider`: give it to your metric reader
 * (`new PeriodicExportingMetricReader({ exporter, metricProducers: [producer] })`) and every
 * collection carries our instruments next to your OTel ones, in OpenTelemetry's `MetricData`
 * shapes. Values leave in base units (ms histograms become seconds), as the OTLP exporter sends them.
 * Nothing is imported from OpenTelemetry; the shapes are `@opentelemetry/sdk-metrics` 3.x's.
 */
import { baseUnit } from '@foundation-telemetry/taxonomy'
import { exportFailure, type TelemetryError } from './errors.ts'
import { type HrTime, msToHrTime } from './hrTime.ts'
import type { MetricSnapshot, SeriesSnapshot } from './metrics/types.ts'
import { type OtelResource, otelResourceOf } from './otelResource.ts'
import type { Attributes } from './types.ts'

/** `DataPointType` of `@opentelemetry/sdk-metrics`. */
export const OtelDataPointType = { HISTOGRAM: 0, EXPONENTIAL_HISTOGRAM: 1, GAUGE: 2, SUM: 3 } as const
/** `AggregationTemporality` of `@opentelemetry/sdk-metrics` (not OTLP's numbering). */
export const OtelAggregationTemporality = { DELTA: 0, CUMULATIVE: 1 } as const
/** `ValueType.DOUBLE` of `@opentelemetry/api`. */
const DOUBLE = 1

interface OtelDataPoint<TValue> {
  startTime: HrTime
  endTime: HrTime
  attributes: Attributes
  value: TValue
}

/** One OTel histogram value. */
export interface OtelHistogramValue {
  buckets: { boundaries: number[]; counts: number[] }
  sum: number
  count: number
  min?: number
  max?: number
}

/** One metric in OpenTelemetry's `MetricData` shape (sum, gauge or histogram). */
export type OtelMetricData = {
  descriptor: { name: string; description: string; unit: string; valueType: number }
  aggregationTemporality: number
} & (
  | { dataPointType: 3; isMonotonic: boolean; dataPoints: OtelDataPoint<number>[] }
  | { dataPointType: 2; dataPoints: OtelDataPoint<number>[] }
  | { dataPointType: 0; dataPoints: OtelDataPoint<OtelHistogramValue>[] }
)

/** What `collect` resolves to: OpenTelemetry's `CollectionResult`. */
export interface OtelCollectionResult {
  resourceMetrics: {
    resource: OtelResource
    scopeMetrics: Array<{ scope: { name: string; version?: string }; metrics: OtelMetricData[] }>
  }
  errors: unknown[]
}

/** What the producer needs of a telemetry instance. */
export interface MetricProducerTelemetry {
  readonly resource: Readonly<Attributes>
  readonly metrics: {
    collect(options?: { temporality?: 'cumulative' | 'delta'; reader?: string }): MetricSnapshot[]
  }
  reportError(error: TelemetryError): void
}

/** Options of {@link createOtelMetricProducer}. */
export interface OtelMetricProducerOptions {
  /** The telemetry instance whose metrics are produced. */
  telemetry: MetricProducerTelemetry
  /**
   * Match your reader's temporality: `cumulative` (the OTel default) or `delta`. Defaults to
   * `cumulative`.
   */
  temporality?: 'cumulative' | 'delta'
  /** The delta reader's name, so other delta readers keep their own intervals. Defaults to `otel-sdk`. */
  reader?: string
  /** The instrumentation scope. Defaults to `@foundation-telemetry/core`. */
  scope?: { name: string; version?: string }
}

/**
 * An OpenTelemetry `MetricProducer` over a telemetry instance's metrics. Counters become
 * monotonic sums, up-down counters non-monotonic sums, gauges gauges and histograms explicit-bucket
 * histograms; summaries have no OpenTelemetry SDK data type and are left out (use a histogram for
 * a metric you export this way). A failing collection resolves with the error in `errors`.
 *
 * @example
 * ```ts
 * import { createOtelMetricProducer, createTelemetry } from '@foundation-telemetry/core'
 * import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
 *
 * const t = createTelemetry({ service: 'planner' })
 * const reader = new PeriodicExportingMetricReader({
 *   exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
 *   metricProducers: [createOtelMetricProducer({ telemetry: t })],
 * })
 * const provider = new MeterProvider({ readers: [reader] })
 * ```
 */
export function createOtelMetricProducer(options: OtelMetricProducerOptions): OtelMetricProducer {
  try {
    return createOtelMetricProducerUnguarded(options)
  } catch {
    // Options that cannot be read (a throwing Proxy or getter): a producer with nothing to give.
    return {
      collect: async () => ({
        resourceMetrics: { resource: otelResourceOf({}), scopeMetrics: [] },
        errors: [],
      }),
    }
  }
}

/** What {@link createOtelMetricProducer} returns: the MetricProducer shape of `@opentelemetry/sdk-metrics`. */
export interface OtelMetricProducer {
  collect(options?: { timeoutMillis?: number }): Promise<OtelCollectionResult>
}

function createOtelMetricProducerUnguarded(options: OtelMetricProducerOptions): OtelMetricProducer {
  const { telemetry } = options
  const temporality = options.temporality === 'delta' ? 'delta' : 'cumulative'
  const reader = options.reader ?? 'otel-sdk'
  const scope = options.scope ?? { name: '@foundation-telemetry/core' }
  let resource: OtelResource | undefined

  return {
    async collect() {
      resource ??= otelResourceOf(telemetry.resource)
      const result: OtelCollectionResult = { resourceMetrics: { resource, scopeMetrics: [] }, errors: [] }
      try {
        const snapshots = telemetry.metrics.collect({ temporality, reader })
        const metrics: OtelMetricData[] = []
        for (const snapshot of snapshots) {
          const metric = toOtelMetricData(snapshot)
          if (metric !== undefined) metrics.push(metric)
        }
        result.resourceMetrics.scopeMetrics.push({ scope, metrics })
      } catch (error) {
        telemetry.reportError(
          exportFailure('OpenTelemetry metric producer: collect failed', {
            exporter: 'otel-sdk',
            error,
          }),
        )
        result.errors.push(error)
      }
      return result
    },
  }
}

/** One snapshot as OpenTelemetry `MetricData`, in base units; `undefined` for a summary. */
export function toOtelMetricData(snapshot: MetricSnapshot): OtelMetricData | undefined {
  try {
    return toOtelMetricDataUnguarded(snapshot)
  } catch {
    // Not the data this helper takes (or data whose fields throw): a neutral result, never an exception.
    return undefined
  }
}

function toOtelMetricDataUnguarded(snapshot: MetricSnapshot): OtelMetricData | undefined {
  const base = baseUnit(snapshot.unit)
  const scale = (value: number) =>
    base.multiplier === 1 && base.divisor === 1 ? value : (value * base.multiplier) / base.divisor
  const descriptor = {
    name: snapshot.name,
    description: snapshot.description,
    unit: base.unit,
    valueType: DOUBLE,
  }
  const aggregationTemporality =
    snapshot.temporality === 'delta'
      ? OtelAggregationTemporality.DELTA
      : OtelAggregationTemporality.CUMULATIVE
  const times = (series: SeriesSnapshot) => ({
    startTime: msToHrTime(series.startTime),
    endTime: msToHrTime(series.time),
    attributes: { ...series.tags },
  })
  switch (snapshot.kind) {
    case 'counter':
    case 'updowncounter':
      return {
        descriptor,
        aggregationTemporality,
        dataPointType: OtelDataPointType.SUM,
        isMonotonic: snapshot.monotonic,
        dataPoints: snapshot.series.map((series) => ({ ...times(series), value: scale(series.value ?? 0) })),
      }
    case 'gauge':
      return {
        descriptor,
        aggregationTemporality,
        dataPointType: OtelDataPointType.GAUGE,
        dataPoints: snapshot.series.map((series) => ({ ...times(series), value: scale(series.value ?? 0) })),
      }
    case 'histogram': {
      const dataPoints: OtelDataPoint<OtelHistogramValue>[] = []
      for (const series of snapshot.series) {
        const histogram = series.histogram
        if (histogram === undefined) continue
        const value: OtelHistogramValue = {
          buckets: { boundaries: histogram.bounds.map(scale), counts: [...histogram.counts] },
          sum: scale(histogram.sum),
          count: histogram.count,
        }
        if (histogram.count > 0) {
          value.min = scale(histogram.min)
          value.max = scale(histogram.max)
        }
        dataPoints.push({ ...times(series), value })
      }
      return { descriptor, aggregationTemporality, dataPointType: OtelDataPointType.HISTOGRAM, dataPoints }
    }
    default:
      return undefined
  }
}
