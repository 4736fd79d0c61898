/**
 * The README's metric table, generated from the taxonomy: every Foundation metric the collector
 * records from events or computes as a KPI, with the name Prometheus scrapes. Run
 * `pnpm readme` in this package after changing the taxonomy; `test/readme.test.ts`
 * fails when the README drifts.
 */
import { type MetricDefinition, metricDefinitions, prometheusName } from '@foundation-telemetry/taxonomy'

export const startMarker = '<!-- metric-table:start (generated from the taxonomy) -->'
export const endMarker = '<!-- metric-table:end -->'

/** The metrics this package records: the Foundation layer's, without core's runtime samples. */
export function collectorMetrics(): MetricDefinition[] {
  return metricDefinitions.filter(
    (m) => m.layer === 'foundation' && !m.name.startsWith('foundation.runtime.'),
  )
}

function scraped(m: MetricDefinition): string {
  const base = prometheusName(m)
  return m.kind === 'counter' ? `${base}_total` : base
}

/** The table, one row per metric. */
export function renderMetricTable(): string {
  const rows = collectorMetrics().map((m) => {
    const tags = m.tagKeys.length === 0 ? '-' : m.tagKeys.map((k) => `\`${k}\``).join(', ')
    const kind = m.kpi === true ? `${m.kind} (KPI)` : m.kind
    return `| \`${m.name}\` | \`${scraped(m)}\` | ${kind} | ${tags} | ${m.description} |`
  })
  return ['| metric | Prometheus | kind | tags | what |', '|---|---|---|---|---|', ...rows].join('\n')
}

/** `readme` with the text between the markers replaced by a fresh table. */
export function withMetricTable(readme: string): string {
  const start = readme.indexOf(startMarker)
  const end = readme.indexOf(endMarker)
  if (start < 0 || end < start) throw new Error('README has no metric-table markers')
  return `${readme.slice(0, start + startMarker.length)}\n${renderMetricTable()}\n${readme.slice(end)}`
}
