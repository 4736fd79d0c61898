/**
 * `promtool check metrics` (Prometheus 2.42, Debian `/usr/bin/promtool`) reads our text output
 * with the 0.0.4 parser and lints it: exit 0 means no findings, exit 3 means lint findings.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import type { MetricSnapshot, Metrics } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { createPrometheusExporter, type PrometheusTelemetry } from '../src/prometheus.ts'
import { snapshot as baseSnapshot, series as s, summary } from './metricSnapshots.ts'

async function promtool(input: string): Promise<{ code: number | null; output: string }> {
  const child = spawn('/usr/bin/promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString()
  })
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString()
  })
  child.stdin.end(input)
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, output }
}

function snapshot(partial: Parameters<typeof baseSnapshot>[0]): MetricSnapshot {
  return baseSnapshot({ description: 'A description', temporality: 'cumulative', ...partial })
}

const realistic: MetricSnapshot[] = [
  snapshot({
    name: 'foundation.process_registry.lookups',
    kind: 'counter',
    unit: '{lookup}',
    series: [s({ result: 'hit' }, { value: 10 }), s({ result: 'miss' }, { value: 2 })],
  }),
  snapshot({
    name: 'foundation.circuit_breaker.state',
    kind: 'gauge',
    series: [s({ breaker: 'db' }, { value: 1 })],
  }),
  snapshot({
    name: 'foundation.rate_limiter.in_flight',
    kind: 'updowncounter',
    unit: '{request}',
    series: [s({ limiter: 'api' }, { value: 4 })],
  }),
  snapshot({
    name: 'foundation.retry.attempt_duration',
    kind: 'histogram',
    unit: 'ms',
    series: [
      s(
        { operation: 'fetch "quoted" \\ and\nnewline ü' },
        {
          histogram: {
            bounds: [1, 5, 10, 50, 100, 500, 1000],
            counts: [1, 2, 3, 4, 5, 6, 7, 8],
            sum: 9000,
            count: 36,
            min: 0.5,
            max: 4000,
          },
        },
      ),
    ],
  }),
  snapshot({
    name: 'dspex.llm.request_duration',
    kind: 'summary',
    unit: 'ms',
    series: [
      s(
        { model: 'small' },
        {
          summary: summary(
            [
              [0.5, 300],
              [0.9, 900],
              [0.99, 2000],
            ],
            50000,
            120,
          ),
        },
      ),
    ],
  }),
  snapshot({
    name: 'foundation.runtime.heap_used',
    kind: 'gauge',
    unit: 'By',
    series: [s({}, { value: 1e8 })],
  }),
  snapshot({ name: 'foundation.cache.hit_ratio', kind: 'gauge', series: [s({}, { value: 0.75 })] }),
]

function telemetryWith(snapshots: MetricSnapshot[]): PrometheusTelemetry {
  const noop = { bind: () => ({ add() {}, set() {} }) }
  return {
    resource: { 'service.name': 'promtool', 'service.version': '1.0.0' },
    reportError: () => {},
    execute: () => {},
    metrics: { collect: () => snapshots, counter: () => noop, gauge: () => noop } as unknown as Metrics,
  }
}

describe('promtool check metrics', () => {
  it('passes with no lint findings on a realistic set of families', async () => {
    const text = createPrometheusExporter({ telemetry: telemetryWith(realistic) }).serialize('text')
    for (const family of ['counter', 'gauge', 'histogram', 'summary']) expect(text).toContain(` ${family}\n`)
    expect(text).toContain('_bytes ')
    expect(await promtool(text)).toEqual({ code: 0, output: '' })
  })

  it('is a real check: it flags what our naming avoids (so the pass above means something)', async () => {
    const bad = [
      '# HELP request_latency_milliseconds Latency',
      '# TYPE request_latency_milliseconds counter',
      'request_latency_milliseconds 1',
      '',
    ].join('\n')
    const result = await promtool(bad)
    expect(result.code).toBe(3)
    expect(result.output).toMatch(/_total/)
  })
})
