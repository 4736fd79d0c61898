/**
 * The Prometheus text exposition format 0.0.4: one family at a time, so the serializer can
 * stop between series ranges and yield to the event loop.
 */
import type { MetricSnapshot, SummaryData } from '@foundation-telemetry/core'
import { textBounds } from './bucketBounds.ts'
import { escapeHelp, formatValue } from './escape.ts'
import { braces, openLabel, renderLabels } from './labels.ts'
import { type PrometheusFamily, toBaseUnit } from './naming.ts'
import { sampleLine, summaryLines, valueLines } from './sampleLines.ts'

/** `Content-Type` of the text format. */
export const textContentType = 'text/plain; version=0.0.4; charset=utf-8'

/** The Prometheus type a metric kind is exposed as. */
export function prometheusType(snapshot: MetricSnapshot): 'counter' | 'gauge' | 'histogram' | 'summary' {
  switch (snapshot.kind) {
    case 'counter':
      return snapshot.monotonic === false ? 'gauge' : 'counter'
    case 'histogram':
      return 'histogram'
    case 'summary':
      return 'summary'
    default:
      return 'gauge'
  }
}

/** The `# HELP`/`# TYPE` header of one family in the text format. */
export function textHeader(snapshot: MetricSnapshot, family: PrometheusFamily): string {
  const type = prometheusType(snapshot)
  const name = type === 'counter' ? family.name + '_total' : family.name
  const help = escapeHelp(snapshot.description === '' ? snapshot.name : snapshot.description)
  return '# HELP ' + name + ' ' + help + '\n# TYPE ' + name + ' ' + type + '\n'
}

// The `_sum` and `_count` lines that close a histogram or summary series.
function sumAndCount(family: PrometheusFamily, braced: string, sum: number, count: string): string {
  return (
    sampleLine(family.name + '_sum', braced, formatValue(toBaseUnit(sum, family))) +
    sampleLine(family.name + '_count', braced, count)
  )
}

function summaryClosing(family: PrometheusFamily, braced: string, summary: SummaryData): string {
  return sumAndCount(family, braced, summary.sum, formatValue(summary.count))
}

/** Series `from` (inclusive) to `to` (exclusive) of one family, as text-format sample lines. */
export function textSeries(
  snapshot: MetricSnapshot,
  family: PrometheusFamily,
  from: number,
  to: number,
): string {
  const type = prometheusType(snapshot)
  let out = ''
  if (type === 'counter' || type === 'gauge') {
    return valueLines(snapshot, family, type === 'counter' ? family.name + '_total' : family.name, from, to)
  }
  if (type === 'histogram') {
    const bucket = family.name + '_bucket'
    for (let i = from; i < to; i++) {
      const series = snapshot.series[i]!
      const h = series.histogram
      if (h === undefined) continue
      const labels = renderLabels(series.tags)
      const le = textBounds(h.bounds, family)
      const open = openLabel(bucket, labels, 'le')
      let cumulative = 0
      for (let b = 0; b < le.length; b++) {
        cumulative += h.counts[b] ?? 0
        out += open + le[b]! + '"} ' + formatValue(cumulative) + '\n'
      }
      const count = formatValue(h.count)
      out += open + '+Inf"} ' + count + '\n'
      out += sumAndCount(family, braces(labels), h.sum, count)
    }
    return out
  }
  return summaryLines(snapshot, family, from, to, formatValue, summaryClosing)
}
