/**
 * Issue 4's must-show, read the way users read it: through the Prometheus exposition
 * (`createPrometheusExporter(...).serialize()`), on a real telemetry instance and metrics engine.
 */
import { createManualClock, createTelemetry } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { seededRandom as mulberry32 } from '../../../tooling/testing/seededRandom.ts'
import { createPrometheusExporter } from '../src/prometheus.ts'

interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

// Enough of a text-format reader for these metrics (label values without escapes).
function samples(text: string): Sample[] {
  const out: Sample[] = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (match === null) throw new Error(`unparsable line: ${line}`)
    const labels: Record<string, string> = {}
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g))
      labels[pair[1]!] = pair[2]!
    const raw = match[3]!
    out.push({ name: match[1]!, labels, value: raw === '+Inf' ? Number.POSITIVE_INFINITY : Number(raw) })
  }
  return out
}

function setup() {
  const t = createTelemetry({ service: 'must-show', clock: createManualClock(), enrich: false })
  const prom = createPrometheusExporter({ telemetry: t, targetInfo: false })
  const read = (name: string) => samples(prom.serialize('text')).filter((s) => s.name === name)
  return { t, read }
}

// A seeded PRNG, so the sample set (and the exact quantiles) are the same on every run.
describe('metrics engine must-show, through the Prometheus exporter', () => {
  it('0.1 added ten times reads 1', async () => {
    const { t, read } = setup()
    const counter = t.metrics.counter('mustshow.amount', { unit: '1', description: 'Amount' })
    for (let i = 0; i < 10; i++) counter.add(0.1)
    expect(read('mustshow_amount_total')).toEqual([{ name: 'mustshow_amount_total', labels: {}, value: 1 }])
    await t.shutdown()
  })

  it('bound and unbound adds land in one series', async () => {
    const { t, read } = setup()
    const counter = t.metrics.counter('mustshow.requests', { unit: '{request}', description: 'Requests' })
    const bound = counter.bind({ route: '/a', method: 'GET' })
    counter.add(1, { method: 'GET', route: '/a' })
    bound.add(2)
    counter.add(4, { route: '/a', method: 'GET' })
    bound.add()
    expect(read('mustshow_requests_total')).toEqual([
      { name: 'mustshow_requests_total', labels: { method: 'GET', route: '/a' }, value: 8 },
    ])
    await t.shutdown()
  })

  it('2500 distinct tag values give at most 2001 series whose sum is 2500', async () => {
    const { t, read } = setup()
    const counter = t.metrics.counter('mustshow.by_user', { unit: '{request}', description: 'Per user' })
    for (let i = 0; i < 2500; i++) counter.add(1, { user_id: `user-${i}` })
    const series = read('mustshow_by_user_total')
    expect(series.length).toBeGreaterThan(1)
    expect(series.length).toBeLessThanOrEqual(2001)
    expect(series.reduce((sum, s) => sum + s.value, 0)).toBe(2500)
    expect(new Set(series.map((s) => JSON.stringify(s.labels))).size).toBe(series.length)
    await t.shutdown()
  })

  it('summary p50/p90/p99 of 100k lognormal samples are within 1% of exact', async () => {
    const { t, read } = setup()
    const summary = t.metrics.summary('mustshow.latency', {
      unit: 'ms',
      description: 'Latency',
      quantiles: [0.5, 0.9, 0.99],
    })
    const random = mulberry32(42)
    const values: number[] = []
    for (let i = 0; i < 100_000; i++) {
      // Box-Muller: a standard normal, then lognormal with median e^3 ≈ 20 ms.
      const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
      const value = Math.exp(3 + 0.8 * normal)
      values.push(value)
      summary.record(value)
    }
    values.sort((a, b) => a - b)
    const exact = (q: number) => values[Math.ceil(q * values.length) - 1]! / 1000
    const quantiles = read('mustshow_latency_seconds')
    expect(quantiles.map((s) => s.labels.quantile)).toEqual(['0.5', '0.9', '0.99'])
    for (const s of quantiles) {
      const want = exact(Number(s.labels.quantile))
      expect(Math.abs(s.value - want) / want).toBeLessThanOrEqual(0.01)
    }
    expect(read('mustshow_latency_seconds_count')[0]?.value).toBe(100_000)
    const sum = values.reduce((a, b) => a + b, 0) / 1000
    expect(read('mustshow_latency_seconds_sum')[0]?.value).toBeCloseTo(sum, 6)
    await t.shutdown()
  })
})
