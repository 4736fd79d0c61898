import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { collectorMetrics, renderMetricTable, withMetricTable } from '../scripts/metricTable.ts'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('README', () => {
  it('carries the metric table the taxonomy generates (run scripts/writeReadme.ts when it drifts)', () => {
    expect(withMetricTable(readme) === readme).toBe(true)
  })

  it('lists every Foundation metric with its Prometheus name', () => {
    const table = renderMetricTable()
    for (const m of collectorMetrics()) expect(table).toContain(`| \`${m.name}\` |`)
    expect(table).toContain('`foundation_circuit_breaker_calls_total`')
    expect(table).toContain('`foundation_cache_latency_seconds`')
  })
})
