/**
 * Writes deploy/grafana's overview, agent-layer and ML-layer dashboards from the taxonomy (one
 * panel per metric of the layer, named as the Prometheus exporter names it), next to the
 * Foundation-layer dashboard. Run: `pnpm --filter @foundation-telemetry/demo grafana`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type MetricDefinition, metricDefinitions, prometheusName } from '@foundation-telemetry/taxonomy'

const dir = fileURLToPath(new URL('../../../deploy/grafana/', import.meta.url))
const base = JSON.parse(readFileSync(join(dir, 'foundation-telemetry.json'), 'utf8')) as {
  templating: unknown
}
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, written as it is
const source = { type: 'prometheus', uid: '${datasource}' }
const sel = '{job=~"$job", instance=~"$instance"}'

interface Query {
  title: string
  expr: string
  unit?: string
  legend?: string
}

function queryOf(d: MetricDefinition): Query {
  const name = prometheusName(d)
  if (d.kind === 'counter')
    return { title: `${d.name} (per second)`, expr: `sum(rate(${name}_total${sel}[1m]))`, unit: 'ops' }
  if (d.kind === 'histogram')
    return {
      title: `${d.name} p50 / p99`,
      expr: `histogram_quantile(0.99, sum by (le) (rate(${name}_bucket${sel}[5m])))`,
    }
  return { title: d.name, expr: `avg(${name}${sel})` }
}

function dashboard(uid: string, title: string, description: string, queries: Query[]) {
  return {
    title,
    uid,
    description,
    tags: ['foundation-telemetry'],
    editable: true,
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-15m', to: 'now' },
    refresh: '10s',
    templating: base.templating,
    annotations: { list: [] },
    panels: queries.map((q, i) => ({
      type: 'timeseries',
      title: q.title,
      id: i + 1,
      datasource: source,
      gridPos: { h: 8, w: 8, x: (i % 3) * 8, y: Math.floor(i / 3) * 8 },
      fieldConfig: { defaults: q.unit === undefined ? {} : { unit: q.unit }, overrides: [] },
      options: {},
      targets: [{ datasource: source, refId: 'A', expr: q.expr, legendFormat: q.legend ?? '__auto' }],
    })),
  }
}

const layer = (prefix: string) =>
  metricDefinitions.filter((d) => d.name.startsWith(prefix)).map((d) => queryOf(d))

const dashboards: Record<string, ReturnType<typeof dashboard>> = {
  'overview.json': dashboard(
    'foundation-telemetry-overview',
    'Foundation Telemetry overview',
    'Every layer at a glance: requests, errors, breakers, agents, ML cost, alerts, sampling.',
    [
      { title: 'Requests/s', expr: `sum(rate(demo_requests_total${sel}[1m]))`, unit: 'reqps' },
      {
        title: 'Error ratio',
        expr: `sum(rate(demo_requests_total{outcome=~"failed|rejected", job=~"$job", instance=~"$instance"}[1m])) / sum(rate(demo_requests_total${sel}[1m]))`,
        unit: 'percentunit',
      },
      {
        title: 'Breaker state (0 closed, 1 open)',
        expr: `max by (name) (foundation_circuit_breaker_state${sel})`,
        legend: '{{name}}',
      },
      {
        title: 'Alerts by state',
        expr: `sum by (state) (foundation_os_alert_state${sel})`,
        legend: '{{state}}',
      },
      {
        title: 'Sampler kept and dropped/s',
        expr: `sum(rate(telemetry_sampler_sampled_total${sel}[1m]))`,
        unit: 'ops',
      },
      ...layer('foundation_jido.auction.').slice(0, 2),
      ...layer('dspex.llm.').slice(0, 2),
    ],
  ),
  'agents.json': dashboard(
    'foundation-telemetry-agents',
    'Foundation Telemetry: agent layer',
    'Agents, signals, auctions, coordination sessions and tasks (foundation_jido.*).',
    layer('foundation_jido.'),
  ),
  'ml.json': dashboard(
    'foundation-telemetry-ml',
    'Foundation Telemetry: ML layer',
    'Programs, optimization, multi-agent runs, LLM requests with tokens and cost, tools (dspex.*).',
    layer('dspex.'),
  ),
}

for (const [file, body] of Object.entries(dashboards))
  writeFileSync(join(dir, file), `${JSON.stringify(body, null, 2)}\n`)
console.log(`wrote ${Object.keys(dashboards).join(', ')} in ${dir}`)
