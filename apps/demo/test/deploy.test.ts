/**
 * The shipped Prometheus scrape config and Grafana dashboard (deploy/) use the metric names the
 * exporter really serves: every name a dashboard query reads is served by the demo or defined
 * by the taxonomy, and every query parses as PromQL (promtool checks it as a recording rule).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { metricDefinitions, prometheusName } from '@foundation-telemetry/taxonomy'
import { waitForTelemetryEvent } from '@foundation-telemetry/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkPromqlQueries, PROMTOOL } from '../../../tooling/testing/promqlCheck.ts'
import { runCommand } from '../../../tooling/testing/runCommand.ts'
import { type Demo, startDemo } from '../src/demo.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))

interface Dashboard {
  panels: Array<{ type: string; title: string; targets?: Array<{ expr: string }> }>
  templating: { list: Array<{ name: string; definition?: string }> }
}

// Every dashboard: the Foundation layer's, and the overview, agent and ML ones the script writes.
const dashboards = readdirSync(join(root, 'deploy/grafana'))
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(join(root, 'deploy/grafana', file), 'utf8')) as Dashboard)
const queries = dashboards.flatMap((d) =>
  d.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr }))),
)

describe('deploy/', () => {
  let demo: Demo
  let served: Set<string>

  beforeAll(async () => {
    demo = await startDemo({ port: 0, env: {}, workload: { rate: 200, seed: 5 } })
    // The request families appear once a request has finished: wait for the event that says one
    // did (the next one, if the first finished before this line), never for the clock.
    await waitForTelemetryEvent(demo.telemetry, 'demo.request.stop')
    // Two scrapes: the exporter's own health metrics appear from the second one on.
    await fetch(`${demo.url}/metrics`).then((r) => r.text())
    const text = await fetch(`${demo.url}/metrics`).then((r) => r.text())
    served = new Set(
      text.split('\n').flatMap((line) => (line.startsWith('# TYPE ') ? [line.split(' ')[2]!] : [])),
    )
  })

  afterAll(async () => {
    await demo?.stop()
  })

  it('the scrape config passes promtool check config', async () => {
    const result = await runCommand(PROMTOOL, [
      'check',
      'config',
      join(root, 'deploy/prometheus/prometheus.yml'),
    ])
    expect(result.code).toBe(0)
  })

  it('every dashboard query reads metric names the exporter serves or the taxonomy defines', () => {
    const known = new Set(served)
    for (const definition of metricDefinitions) {
      const name = prometheusName(definition)
      known.add(definition.kind === 'counter' ? `${name}_total` : name)
    }
    expect(queries.length).toBeGreaterThanOrEqual(15)
    const unknown: string[] = []
    for (const { panel, expr } of queries) {
      for (const [, name] of expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)) {
        const family = name!.replace(/_(bucket|sum|count)$/, '')
        if (!known.has(name!) && !known.has(family)) unknown.push(`${panel}: ${name}`)
      }
    }
    expect(unknown).toEqual([])
    // The demo itself serves the Foundation families the first rows chart.
    for (const family of ['demo_requests_total', 'foundation_circuit_breaker_calls_total', 'target_info']) {
      expect(served.has(family)).toBe(true)
    }
  })

  it('every dashboard query is valid PromQL', async () => {
    const result = await checkPromqlQueries(queries.map((q) => q.expr))
    expect(result).toMatchObject({ code: 0 })
    expect(result.output).toContain(`${queries.length} rules found`)
  })
})
