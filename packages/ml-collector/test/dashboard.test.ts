/**
 * The ML layer's Grafana dashboard (deploy/grafana/ml-layer.json) reads only metrics this layer
 * defines, under their Prometheus names, and every query parses as PromQL (promtool checks it as
 * a recording rule).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { metricDefinitions, prometheusName } from '@foundation-telemetry/taxonomy'
import { describe, expect, it } from 'vitest'

interface Dashboard {
  panels: Array<{ title: string; targets?: Array<{ expr: string }> }>
}

const file = new URL('../../../deploy/grafana/ml-layer.json', import.meta.url)
const dashboard = JSON.parse(readFileSync(file, 'utf8')) as Dashboard
const queries = dashboard.panels.flatMap((p) =>
  (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })),
)

describe('the ML layer dashboard', () => {
  it('reads only dspex metrics, by their Prometheus names, and shows every KPI', () => {
    const known = new Set<string>()
    for (const m of metricDefinitions.filter((d) => d.layer === 'dspex')) {
      const name = prometheusName(m)
      known.add(m.kind === 'counter' ? `${name}_total` : name)
    }
    const read = new Set<string>()
    const unknown: string[] = []
    for (const { panel, expr } of queries) {
      for (const [, name] of expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)) {
        const family = name!.replace(/_(bucket|sum|count)$/, '')
        read.add(family)
        if (!known.has(name!) && !known.has(family)) unknown.push(`${panel}: ${name}`)
      }
    }
    expect(unknown).toEqual([])
    const kpis = metricDefinitions.filter((m) => m.layer === 'dspex' && m.kpi).map((m) => prometheusName(m))
    for (const kpi of kpis) expect(read, kpi).toContain(kpi)
  })

  it('has queries promtool accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-dashboard-'))
    try {
      const rules = queries.map(
        (q, i) => `      - record: ml_dashboard:q${i}\n        expr: ${JSON.stringify(q.expr)}`,
      )
      const path = join(dir, 'rules.yml')
      writeFileSync(path, `groups:\n  - name: ml-dashboard\n    rules:\n${rules.join('\n')}\n`)
      const result = spawnSync('/usr/bin/promtool', ['check', 'rules', path], { encoding: 'utf8' })
      expect(result.status, `${result.stdout}${result.stderr}`).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
