/**
 * Sample lines the text 0.0.4 and OpenMetrics 1.0 writers spell the same way, so one piece
 * renders them for both and the formats differ only where their specifications do.
 */
import type { MetricSnapshot, SeriesSnapshot, SummaryData } from '@foundation-telemetry/core'
import { formatValue } from './escape.ts'
import { braces, renderLabels, withLabel } from './labels.ts'
import { type PrometheusFamily, toBaseUnit } from './naming.ts'

/** One sample line, `name{labels} value`; `braced` is the label set with its braces, or `''`. */
export function sampleLine(name: string, braced: string, value: string): string {
  return name + braced + ' ' + value + '\n'
}

/**
 * `name{labels} value` for series `from` (inclusive) to `to` (exclusive) of a family whose series
 * each hold one value; series without a value are skipped.
 */
export function valueLines(
  snapshot: MetricSnapshot,
  family: PrometheusFamily,
  name: string,
  from: number,
  to: number,
): string {
  let out = ''
  for (let i = from; i < to; i++) {
    const series = snapshot.series[i]!
    if (series.value === undefined) continue
    out +=
      name + braces(renderLabels(series.tags)) + ' ' + formatValue(toBaseUnit(series.value, family)) + '\n'
  }
  return out
}

/**
 * Summary series `from` (inclusive) to `to` (exclusive): each series' quantile lines, with
 * `formatQuantile` spelling the label value as the format wants it, then what `closing` returns
 * (the formats differ in which of `_sum`, `_count` and `_created` follow, and in their order).
 */
export function summaryLines(
  snapshot: MetricSnapshot,
  family: PrometheusFamily,
  from: number,
  to: number,
  formatQuantile: (quantile: number) => string,
  closing: (family: PrometheusFamily, braced: string, summary: SummaryData, series: SeriesSnapshot) => string,
): string {
  let out = ''
  for (let i = from; i < to; i++) {
    const series = snapshot.series[i]!
    const s = series.summary
    if (s === undefined) continue
    const labels = renderLabels(series.tags)
    for (const q of s.quantiles) {
      out +=
        family.name +
        withLabel(labels, 'quantile', formatQuantile(q.quantile)) +
        ' ' +
        formatValue(toBaseUnit(q.value, family)) +
        '\n'
    }
    out += closing(family, braces(labels), s, series)
  }
  return out
}
