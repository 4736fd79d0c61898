/**
 * Builders for the metric snapshots the exporter tests feed in, so each test spells out only
 * what it is about (name, kind, values) and the rest takes the usual defaults.
 */
import type { HistogramData, MetricSnapshot, SeriesSnapshot, SummaryData } from '@foundation-telemetry/core'

/** A series of `tags`; `startTime` and `time` default to 0, `data` sets the rest (or overrides them). */
export function series(tags: Record<string, string>, data: Partial<SeriesSnapshot>): SeriesSnapshot {
  return { tags, startTime: 0, time: 0, ...data }
}

/**
 * A snapshot. Defaults: unit `1`, no description, delta temporality, monotonic only for counters.
 */
export function snapshot(
  partial: Partial<MetricSnapshot> & Pick<MetricSnapshot, 'name' | 'kind' | 'series'>,
): MetricSnapshot {
  return {
    unit: '1',
    description: '',
    temporality: 'delta',
    monotonic: partial.kind === 'counter',
    ...partial,
  }
}

/** A histogram in ms with one untagged series; `data` sets its times. */
export function durationHistogram(
  name: string,
  histogram: HistogramData,
  data: Partial<SeriesSnapshot> = {},
): MetricSnapshot {
  return snapshot({ name, kind: 'histogram', unit: 'ms', series: [series({}, { ...data, histogram })] })
}

/** A summary from `[quantile, value]` pairs and its sum and count. */
export function summary(
  quantiles: ReadonlyArray<readonly [number, number]>,
  sum: number,
  count: number,
): SummaryData {
  return { quantiles: quantiles.map(([quantile, value]) => ({ quantile, value })), sum, count }
}
