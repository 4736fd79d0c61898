/**
 * Sample lines the text 0.0.4 and OpenMetrics 1.0 writers spell the same way, so one piece
 * renders them for both and the formats differ only where their specifications do.
 */
import type { MetricSnapshot, SeriesSnapshot, SummaryData } from '@foundation-telemetry/core'
import { formatValue } from './escape.ts'
import type { SeriesWriter, WriteContext } from './expositionWriter.ts'
import { withLabel } from './labels.ts'
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
  context: WriteContext,
  snapshot: MetricSnapshot,
  family: PrometheusFamily,
  name: string,
  from: number,
  to: number,
): string {
  const labels = context.labels
  let out = ''
  for (let i = from; i < to; i++) {
    const series = snapshot.series[i]!
    if (series.value === undefined) continue
    out += name + labels.braced(series.tags) + ' ' + formatValue(toBaseUnit(series.value, family)) + '\n'
  }
  return out
}

/** A gauge family's lines (in both formats the family name, each series' labels and value). */
export const gaugeLines: SeriesWriter = (context, snapshot, family, from, to) =>
  valueLines(context, snapshot, family, family.name, from, to)

/**
 * Summary series `from` (inclusive) to `to` (exclusive): each series' quantile lines, with
 * `formatQuantile` spelling the label value as the format wants it, then what `closing` returns
 * (the formats differ in which of `_sum`, `_count` and `_created` follow, and in their order).
 */
export function summaryLines(
  context: WriteContext,
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
    const labels = context.labels.inner(series.tags)
    for (const q of s.quantiles) {
      out +=
        family.name +
        withLabel(labels, 'quantile', formatQuantile(q.quantile)) +
        ' ' +
        formatValue(toBaseUnit(q.value, family)) +
        '\n'
    }
    out += closing(family, context.labels.braced(series.tags), s, series)
  }
  return out
}
