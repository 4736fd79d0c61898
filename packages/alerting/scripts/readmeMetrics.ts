/**
 * The README's metric table, generated from the taxonomy: `pnpm readme` writes it between the
 * `metrics:start` / `metrics:end` markers, and a test checks the README holds what this renders.
 */
import { findMetricDefinition, prometheusName } from '@foundation-telemetry/taxonomy'
import { alertMetricNames } from '../src/alertMetrics.ts'

/** The Markdown table rows, header included. */
export function renderMetricTable(): string {
  const rows = ['| metric | kind | unit | tags | Prometheus | description |', '|---|---|---|---|---|---|']
  for (const name of Object.values(alertMetricNames)) {
    const m = findMetricDefinition(name)
    if (m === undefined) throw new Error(`${name} is not in the taxonomy`)
    const prom = prometheusName(m) + (m.kind === 'counter' ? '_total' : '')
    const tags = m.tagKeys.length === 0 ? '-' : m.tagKeys.map((k) => `\`${k}\``).join(', ')
    rows.push(`| \`${m.name}\` | ${m.kind} | \`${m.unit}\` | ${tags} | \`${prom}\` | ${m.description} |`)
  }
  return rows.join('\n')
}

/** `readme` with the table between its markers replaced. */
export function withMetricTable(readme: string): string {
  return readme.replace(
    /(<!-- metrics:start -->\n)[\s\S]*?(\n<!-- metrics:end -->)/,
    `$1${renderMetricTable()}$2`,
  )
}
