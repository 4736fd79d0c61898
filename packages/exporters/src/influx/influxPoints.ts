/**
 * Metric snapshots as line-protocol points: one point per series, the metric name as the
 * measurement, tags as tags, and values in base units (seconds, bytes) as at the Prometheus and
 * OTLP boundary. Counters, up-down counters and gauges write `value`; histograms write `count`,
 * `sum`, `min`, `max` and their quantiles (`p50`, `p99`); summaries `count`, `sum` and quantiles.
 */
import type { MetricSnapshot } from '@foundation-telemetry/core'
import { baseUnitOf, scale } from '../shared/units.ts'
import type { FieldValue, Point } from './lineProtocol.ts'

/** `0.5` -> `p50`, `0.999` -> `p99.9`. */
export function quantileField(q: number): string {
  try {
    return quantileFieldUnguarded(q)
  } catch {
    // Not the data this helper takes (or data whose fields throw): a neutral result, never an exception.
    return 'quantile'
  }
}

function quantileFieldUnguarded(q: number): string {
  return `p${Number((q * 100).toPrecision(12))}`
}

/** Points for every series of `metrics`, with `globalTags` under each series' own tags. */
export function toInfluxPoints(
  metrics: readonly MetricSnapshot[],
  globalTags: Readonly<Record<string, string>>,
): Point[] {
  try {
    return toInfluxPointsUnguarded(metrics, globalTags)
  } catch {
    // Not the data this helper takes (or data whose fields throw): a neutral result, never an exception.
    return []
  }
}

function toInfluxPointsUnguarded(
  metrics: readonly MetricSnapshot[],
  globalTags: Readonly<Record<string, string>>,
): Point[] {
  const points: Point[] = []
  for (const metric of metrics) {
    const base = baseUnitOf(metric.unit)
    for (const series of metric.series) {
      const fields: Record<string, FieldValue> = {}
      if (series.value !== undefined) fields.value = { float: scale(series.value, base) }
      const h = series.histogram
      if (h !== undefined) {
        if (h.count === 0) continue
        fields.count = { int: h.count }
        fields.sum = { float: scale(h.sum, base) }
        fields.min = { float: scale(h.min, base) }
        fields.max = { float: scale(h.max, base) }
        for (const q of h.quantiles ?? []) fields[quantileField(q.quantile)] = { float: scale(q.value, base) }
      }
      const s = series.summary
      if (s !== undefined) {
        fields.count = { int: s.count }
        fields.sum = { float: scale(s.sum, base) }
        for (const q of s.quantiles) fields[quantileField(q.quantile)] = { float: scale(q.value, base) }
      }
      points.push({
        measurement: metric.name,
        tags: { ...globalTags, ...series.tags },
        fields,
        time: series.time,
      })
    }
  }
  return points
}
