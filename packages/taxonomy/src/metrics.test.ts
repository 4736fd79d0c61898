import { describe, expect, it } from 'vitest'
import { findMetricDefinition, isTaxonomyEvent, metricDefinitions, prometheusName } from './index.ts'

const snakeSegments = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/
const unitPattern = /^(ms|By|1|USD|\{[a-z_]+\})(\/s)?$/

// Seed 000's KPI lists, with the `infrastructure` segment dropped as DESIGN.md spells names.
const seedKpis = [
  'foundation.process_registry.registration_rate',
  'foundation.process_registry.lookup_latency',
  'foundation.circuit_breaker.health',
  'foundation.error_rate',
  'foundation.memory.usage',
  'foundation.cpu.usage',
  'foundation.connections.active',
  'foundation_jido.agents.active_count',
  'foundation_jido.coordination.success_rate',
  'foundation_jido.coordination.average_duration',
  'foundation_jido.signal.dispatch_success_rate',
  'foundation_jido.auction.participation_rate',
  'foundation_jido.auction.fairness_score',
  'foundation_jido.coordination.resource_utilization',
  'dspex.optimization.convergence_rate',
  'dspex.optimization.performance_improvement',
  'dspex.program.execution_success_rate',
  'dspex.coordination.multi_agent_efficiency',
  'dspex.cost_per_optimization',
  'dspex.time_to_convergence',
  'dspex.model_accuracy_improvement',
]

// What seed 000's collectors record, plus the runtime and self-health metrics the brief fixes.
const recorded = [
  'foundation.process_registry.registrations',
  'foundation.process_registry.registration_duration',
  'foundation.circuit_breaker.opened',
  'foundation.circuit_breaker.closed',
  'foundation_jido.agent.registrations',
  'foundation_jido.agent.startup_duration',
  'foundation_jido.signal.dispatches',
  'foundation_jido.signal.dispatch_duration',
  'foundation_jido.signal.dispatch_failures',
  'foundation_jido.auction.started',
  'foundation_jido.auction.bids',
  'foundation_jido.auction.completed',
  'dspex.program.executions',
  'dspex.program.execution_duration',
  'dspex.program.output_quality',
  'dspex.optimization.iterations',
  'dspex.optimization.iteration_duration',
  'dspex.optimization.performance_score',
  'dspex.coordination.multi_agent_start',
  'dspex.coordination.agent_contributions',
  'dspex.coordination.multi_agent_complete',
  'dspex.coordination.efficiency',
  'dspex.llm.token_usage',
  'dspex.llm.cost',
  'foundation.runtime.event_loop.delay',
  'foundation.runtime.event_loop.utilization',
  'foundation.runtime.memory.heap_used',
  'foundation.runtime.memory.heap_total',
  'foundation.runtime.memory.rss',
  'foundation.runtime.memory.external',
  'foundation.runtime.gc.duration',
  'foundation.runtime.handles.active',
  'foundation.runtime.requests.active',
  'foundation.runtime.cpu.user',
  'foundation.runtime.cpu.system',
  'telemetry.handler.failures',
  'telemetry.data.dropped',
  'telemetry.input.invalid',
  'telemetry.exporter.exported',
  'telemetry.exporter.dropped',
  'telemetry.exporter.failed',
  'telemetry.exporter.queue_depth',
]

describe('metric definitions', () => {
  it('names each metric once, in dotted snake_case, sorted', () => {
    const names = metricDefinitions.map((m) => m.name)
    for (const name of names) expect(name).toMatch(snakeSegments)
    expect(new Set(names).size).toBe(names.length)
    expect(names).toEqual([...names].sort())
  })

  it('defines every seed 000 KPI, flagged as a KPI', () => {
    for (const name of seedKpis) expect(findMetricDefinition(name)?.kpi, name).toBe(true)
    const flagged = metricDefinitions.filter((m) => m.kpi).map((m) => m.name)
    expect(flagged.sort()).toEqual([...seedKpis].sort())
  })

  it('defines what the collectors record', () => {
    for (const name of recorded) expect(findMetricDefinition(name), name).toBeDefined()
  })

  it('makes ratio KPIs gauges in unit 1 and durations ms', () => {
    const ratios = seedKpis.filter((name) =>
      /_rate$|_score$|efficiency|utilization|improvement|usage|health/.test(name),
    )
    expect(ratios.length).toBeGreaterThan(10)
    for (const name of ratios) {
      const m = findMetricDefinition(name)
      if (m?.unit.includes('/')) continue // registration_rate is per second, not a ratio
      expect([name, m?.kind, m?.unit]).toEqual([name, 'gauge', '1'])
    }
    for (const m of metricDefinitions) {
      if (/duration|latency|time_to/.test(m.name)) expect([m.name, m.unit]).toEqual([m.name, 'ms'])
      if (m.unit === '1') expect(['gauge', 'histogram'], m.name).toContain(m.kind)
    }
  })

  it('uses OpenTelemetry units, bounded tag keys and increasing bucket advice', () => {
    for (const m of metricDefinitions) {
      expect(m.unit, m.name).toMatch(unitPattern)
      expect(new Set(m.tagKeys).size, m.name).toBe(m.tagKeys.length)
      for (const key of m.tagKeys) expect(key).toMatch(/^[a-z][a-z0-9_]*$/)
      // Unbounded ids make unbounded series.
      for (const key of ['trace_id', 'span_id', 'request_id', 'auction_id', 'task_id', 'iteration']) {
        expect(m.tagKeys, m.name).not.toContain(key)
      }
      if (m.buckets) {
        expect(m.kind, m.name).toBe('histogram')
        for (let i = 1; i < m.buckets.length; i++) expect(m.buckets[i]).toBeGreaterThan(m.buckets[i - 1] ?? 0)
      }
      for (const key of Object.keys(m.otelAttributes ?? {})) expect(m.tagKeys, m.name).toContain(key)
      if (m.otelAttributes) expect(m.otelName, m.name).toBeDefined()
    }
  })

  it('records only from events the taxonomy defines', () => {
    for (const m of metricDefinitions) {
      for (const event of m.events ?? []) expect(isTaxonomyEvent(event), `${m.name} <- ${event}`).toBe(true)
    }
  })

  it('maps GenAI and HTTP metrics to the OpenTelemetry semantic conventions', () => {
    const tokens = findMetricDefinition('dspex.llm.token_usage')
    expect(tokens?.otelName).toBe('gen_ai.client.token.usage')
    expect(tokens?.otelAttributes?.token_type).toBe('gen_ai.token.type')
    expect(findMetricDefinition('dspex.llm.request_duration')?.otelName).toBe(
      'gen_ai.client.operation.duration',
    )
    expect(findMetricDefinition('foundation_os.request.duration')?.otelName).toBe(
      'http.server.request.duration',
    )
    expect(findMetricDefinition('foundation_os.rpc.duration')?.otelName).toBe('rpc.server.duration')
  })

  it('gives distinct Prometheus names to distinct metrics', () => {
    const names = metricDefinitions.map((m) => prometheusName(m))
    expect(new Set(names).size).toBe(names.length)
  })

  it('finds definitions by name and nothing else', () => {
    for (const m of metricDefinitions) expect(findMetricDefinition(m.name)).toBe(m)
    for (const name of ['', 'foundation', 'foundation_jido.signal', 'constructor', 'my.metric']) {
      expect(findMetricDefinition(name)).toBeUndefined()
    }
  })
})
