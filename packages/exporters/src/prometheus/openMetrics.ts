/**
 * The OpenMetrics 1.0 text format: `# TYPE`/`# UNIT`/`# HELP` per family, `_total` and
 * `_created` on counters, canonical `le`/`quantile` floats, exemplars on counters and buckets,
 * and the closing `# EOF`.
 */
import type { Exemplar, MetricSnapshot, SeriesSnapshot, SummaryData } from '@foundation-telemetry/core'
import { escapeHelpOpenMetrics, formatCanonicalFloat, formatSeconds, formatValue } from './escape.ts'
import { type ExpositionWriter, prometheusType, type SeriesWriter } from './expositionWriter.ts'
import { openLabel } from './labels.ts'
import { type PrometheusFamily, toBaseUnit } from './naming.ts'
import { gaugeLines, sampleLine, summaryLines } from './sampleLines.ts'

/** `Content-Type` of OpenMetrics 1.0. */
export const openMetricsContentType = 'application/openmetrics-text; version=1.0.0; charset=utf-8'

/** What closes every OpenMetrics exposition. */
export const OPEN_METRICS_EOF = '# EOF\n'

/** The `# HELP`/`# TYPE`/`# UNIT` header of one family in OpenMetrics. */
function openMetricsHeader(snapshot: MetricSnapshot, family: PrometheusFamily): string {
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

const counterLines: SeriesWriter = (context, snapshot, family, from, to) => {
  const name = family.name
  let out = ''
  for (let i = from; i < to; i++) {
    const series = snapshot.series[i]!
    if (series.value === undefined) continue
    const labels = context.labels.braced(series.tags)
    out += name + '_total' + labels + ' ' + formatValue(toBaseUnit(series.value, family))
    const exemplar = series.exemplars === undefined ? undefined : newest(series.exemplars)
    if (exemplar !== undefined) out += exemplarSuffix(exemplar, family)
    out += '\n' + name + '_created' + labels + ' ' + formatSeconds(series.startTime) + '\n'
  }
  return out
}

const histogramLines: SeriesWriter = (context, snapshot, family, from, to) => {
  const name = family.name
  let out = ''
  for (let i = from; i < to; i++) {
    const series = snapshot.series[i]!
    const h = series.histogram
    if (h === undefined) continue
    const le = context.bounds.canonical(h.bounds, family)
    const exemplars = exemplarsByBucket(h.bounds, series.exemplars)
    const open = openLabel(name + '_bucket', context.labels.inner(series.tags), 'le')
    let cumulative = 0
    for (let b = 0; b <= le.length; b++) {
      cumulative += h.counts[b] ?? 0
      const bound = b < le.length ? le[b]! : '+Inf'
      out += open + bound + '"} ' + formatValue(b < le.length ? cumulative : h.count)
      const exemplar = exemplars?.[b]
      if (exemplar !== undefined) out += exemplarSuffix(exemplar, family)
      out += '\n'
    }
    out += countSumCreated(name, context.labels.braced(series.tags), h.count, h.sum, series.startTime, family)
  }
  return out
}

/** OpenMetrics 1.0. */
export const openMetricsWriter: ExpositionWriter = {
  header: openMetricsHeader,
  targetInfo: (labels) =>
    '# HELP target Target metadata\n# TYPE target info\ntarget_info{' + labels + '} 1\n',
  counter: counterLines,
  gauge: gaugeLines,
  histogram: histogramLines,
  summary: (context, snapshot, family, from, to) =>
    summaryLines(context, snapshot, family, from, to, formatCanonicalFloat, summaryClosing),
  end: OPEN_METRICS_EOF,
}
