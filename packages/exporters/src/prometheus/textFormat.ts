/**
 * The Prometheus text exposition format 0.0.4: one family at a time, so the serializer can
 * stop between series ranges and yield to the event loop.
 */
import type { MetricSnapshot, SummaryData } from '@foundation-telemetry/core'
import { escapeHelp, formatValue } from './escape.ts'
import { type ExpositionWriter, prometheusType, type SeriesWriter } from './expositionWriter.ts'
import { openLabel } from './labels.ts'
import { type PrometheusFamily, toBaseUnit } from './naming.ts'
import { gaugeLines, sampleLine, summaryLines, valueLines } from './sampleLines.ts'

/** `Content-Type` of the text format. */
export const textContentType = 'text/plain; version=0.0.4; charset=utf-8'

/** The `# HELP`/`# TYPE` header of one family in the text format. */
function textHeader(snapshot: MetricSnapshot, family: PrometheusFamily): string {
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

const histogramLines: SeriesWriter = (context, snapshot, family, from, to) => {
  const bucket = family.name + '_bucket'
  let out = ''
  for (let i = from; i < to; i++) {
    const series = snapshot.series[i]!
    const h = series.histogram
    if (h === undefined) continue
    const labels = context.labels.inner(series.tags)
    const le = context.bounds.text(h.bounds, family)
    const open = openLabel(bucket, labels, 'le')
    let cumulative = 0
    for (let b = 0; b < le.length; b++) {
      cumulative += h.counts[b] ?? 0
      out += open + le[b]! + '"} ' + formatValue(cumulative) + '\n'
    }
    const count = formatValue(h.count)
    out += open + '+Inf"} ' + count + '\n'
    out += sumAndCount(family, context.labels.braced(series.tags), h.sum, count)
  }
  return out
}

/** The text format 0.0.4. */
export const textWriter: ExpositionWriter = {
  header: textHeader,
  targetInfo: (labels) =>
    '# HELP target_info Target metadata\n# TYPE target_info gauge\ntarget_info{' + labels + '} 1\n',
  counter: (context, snapshot, family, from, to) =>
    valueLines(context, snapshot, family, family.name + '_total', from, to),
  gauge: gaugeLines,
  histogram: histogramLines,
  summary: (context, snapshot, family, from, to) =>
    summaryLines(context, snapshot, family, from, to, formatValue, summaryClosing),
  end: '',
}
