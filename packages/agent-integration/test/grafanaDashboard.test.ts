/**
 * The agent layer's Grafana dashboard (deploy/grafana/agent-layer.json) reads only metric names
 * the agent layer records under the Prometheus exporter's naming, and every query is valid PromQL
 * (promtool checks it as a recording rule).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { metricDefinitions, prometheusName } from '@foundation-telemetry/taxonomy'
import { describe, expect, it } from 'vitest'
import { checkPromqlQueries } from '../../../tooling/testing/promqlCheck.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/agent-layer.json'), 'utf8')) as {
  panels: Array<{ title: string; targets?: Array<{ expr: string }> }>
}
const queries = dashboard.panels.flatMap((p) =>
  (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })),
)

/** Prometheus series names of the agent layer's metrics, as the exporter writes them. */
function agentSeriesNames(): Set<string> {
  const names = new Set<string>()
  for (const m of metricDefinitions.filter((d) => d.layer === 'foundation_jido')) {
    const name = prometheusName(m)
    if (m.kind === 'counter') names.add(`${name}_total`)
    else if (m.kind === 'histogram')
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix)
    else names.add(name)
  }
  return names
}

describe('deploy/grafana/agent-layer.json', () => {
  it('charts every agent-layer KPI and reads only agent-layer series', () => {
    const known = agentSeriesNames()
    const read = queries.flatMap(({ expr }) =>
      [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1]),
    )
    expect(read.filter((name) => !known.has(name as string))).toEqual([])
    const kpis = metricDefinitions
      .filter((m) => m.layer === 'foundation_jido' && m.kpi)
      .map((m) => prometheusName(m))
    const missing = kpis.filter((kpi) => !read.includes(kpi) && !read.includes(`${kpi}_bucket`))
    expect(missing).toEqual([])
  })

  it('every query is valid PromQL', async () => {
    const result = await checkPromqlQueries(queries.map((q) => q.expr))
    expect(result).toMatchObject({ code: 0 })
    expect(result.output).toContain(`${queries.length} rules found`)
  })
})
