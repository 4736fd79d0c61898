/**
 * The OpenMetrics 1.0 text format: `# TYPE`/`# UNIT`/`# HELP` per family, `_total` and
 * `_created` on counters, canonical `le`/`quantile` floats, exemplars on counters and buckets,
 * and the closing `# EOF` (written by the serializer).
 */
import type { Exemplar, MetricSnapshot, SeriesSnapshot, SummaryData } from '@foundation-telemetry/core'
import { canonicalBounds } from './bucketBounds.ts'
import { escapeHelpOpenMetrics, formatCanonicalFloat, formatSeconds, formatValue } from './escape.ts'
import { braces, openLabel, renderLabels } from './labels.ts'
import { type PrometheusFamily, toBaseUnit } from './naming.ts'
import { sampleLine, summaryLines, valueLines } from './sampleLines.ts'
import { prometheusType } from './textFormat.ts'

/** `Content-Type` of OpenMetrics 1.0. */
export const openMetricsContentType = 'application/openmetrics-text; version=1.0.0; charset=utf-8'

/** The `# HELP`/`# TYPE`/`# UNIT` header of one family in OpenMetrics. */
export function openMetricsHeader(snapshot: MetricSnapshot, family: PrometheusFamily): string {
  const help = escapeHelpOpenMetrics(snapshot.description === '' ? snapshot.name : snapshot.description)
  let out =
    '# HELP ' + family.name + ' ' + help + '\n# TYPE ' + family.name + ' ' + prometheusType(snapshot) + '\n'
  if (family.unit !== '') out += '# UNIT ' + family.name + ' ' + family.unit + '\n'
  return out
}

function exemplarSuffix(exemplar: Exemplar, family: PrometheusFamily): string {
  return (
    ' # {trace_id="' +
    exemplar.traceId +
    '",span_id="' +
    exemplar.spanId +
    '"} ' +
    formatValue(toBaseUnit(exemplar.value, family)) +
    ' ' +
    formatSeconds(exemplar.time)
  )
}

function newest(exemplars: readonly Exemplar[]): Exemplar | undefined {
  let best: Exemplar | undefined
  for (const exemplar of exemplars) if (best === undefined || exemplar.time >= best.time) best = exemplar
  return best
}

// The newest exemplar of each bucket (index bounds.length is +Inf), or undefined when none.
function exemplarsByBucket(
  bounds: readonly number[],
  exemplars: readonly Exemplar[] | undefined,
): Array<Exemplar | undefined> | undefined {
  if (exemplars === undefined || exemplars.length === 0) return undefined
  const byBucket: Array<Exemplar | undefined> = new Array(bounds.length + 1)
  for (const exemplar of exemplars) {
    let b = 0
    while (b < bounds.length && exemplar.value > bounds[b]!) b++
    const current = byBucket[b]
    if (current === undefined || exemplar.time >= current.time) byBucket[b] = exemplar
  }
  return byBucket
}

// The `_count`, `_sum` and `_created` lines that close a histogram or summary series.
function countSumCreated(
  name: string,
  braced: string,
  count: number,
  sum: number,
  startTime: number,
  family: PrometheusFamily,
): string {
  return (
    sampleLine(name + '_count', braced, formatValue(count)) +
    sampleLine(name + '_sum', braced, formatValue(toBaseUnit(sum, family))) +
    sampleLine(name + '_created', braced, formatSeconds(startTime))
  )
}

function summaryClosing(
  family: PrometheusFamily,
  braced: string,
  summary: SummaryData,
  series: SeriesSnapshot,
): string {
  return countSumCreated(family.name, braced, summary.count, summary.sum, series.startTime, family)
}

/** Series `from` (inclusive) to `to` (exclusive) of one family, as OpenMetrics sample lines. */
export function openMetricsSeries(
  snapshot: MetricSnapshot,
  family: PrometheusFamily,
  from: number,
  to: number,
): string {
  const type = prometheusType(snapshot)
  const name = family.name
  let out = ''
  if (type === 'gauge') return valueLines(snapshot, family, name, from, to)
  if (type === 'counter') {
    for (let i = from; i < to; i++) {
      const series = snapshot.series[i]!
      if (series.value === undefined) continue
      const labels = braces(renderLabels(series.tags))
      out += name + '_total' + labels + ' ' + formatValue(toBaseUnit(series.value, family))
      const exemplar = series.exemplars === undefined ? undefined : newest(series.exemplars)
      if (exemplar !== undefined) out += exemplarSuffix(exemplar, family)
      out += '\n' + name + '_created' + labels + ' ' + formatSeconds(series.startTime) + '\n'
    }
    return out
  }
  if (type === 'histogram') {
    for (let i = from; i < to; i++) {
      const series = snapshot.series[i]!
      const h = series.histogram
      if (h === undefined) continue
      const labels = renderLabels(series.tags)
      const le = canonicalBounds(h.bounds, family)
      const exemplars = exemplarsByBucket(h.bounds, series.exemplars)
      const open = openLabel(name + '_bucket', labels, 'le')
      let cumulative = 0
      for (let b = 0; b <= le.length; b++) {
        cumulative += h.counts[b] ?? 0
        const bound = b < le.length ? le[b]! : '+Inf'
        out += open + bound + '"} ' + formatValue(b < le.length ? cumulative : h.count)
        const exemplar = exemplars?.[b]
        if (exemplar !== undefined) out += exemplarSuffix(exemplar, family)
        out += '\n'
      }
      out += countSumCreated(name, braces(labels), h.count, h.sum, series.startTime, family)
    }
    return out
  }
  return summaryLines(snapshot, family, from, to, formatCanonicalFloat, summaryClosing)
}
