/**
 * A real Prometheus 2.42 (Debian `/usr/bin/prometheus`) scrapes two exporters, one forced to
 * the text format and one negotiating OpenMetrics behind a bearer token, and its HTTP API must
 * return every series and value exactly.
 *
 * Waiting is event-driven: each exporter emits `telemetry.exporter.scrape` when a scrape's
 * response is finished; Prometheus scrapes a target sequentially, so by the second scrape event
 * the first scrape has been appended and committed.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createTelemetry,
  type MetricSnapshot,
  type Metrics,
  type SeriesSnapshot,
  type TelemetryInstance,
} from '@foundation-telemetry/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../../tooling/testing/localServer.ts'
import { createPrometheusExporter, type PrometheusExporter, scrapeEventName } from '../src/prometheus.ts'
import { series as seriesAt, snapshot, summary } from './metricSnapshots.ts'

const START = Date.UTC(2026, 0, 1)
const TRICKY = 'say "hi" \\ C:\\path\nnext line ünïcødé 🚀 日本'
const TRACE = '0af7651916cd43dd8448eb211c80319c'
const SPAN = 'b7ad6b7169203331'

function series(tags: Record<string, string>, data: Partial<SeriesSnapshot>): SeriesSnapshot {
  return seriesAt(tags, { startTime: START, time: START + 1000, ...data })
}

const snapshots: MetricSnapshot[] = [
  snapshot({
    name: 'foundation.process_registry.lookups',
    kind: 'counter',
    unit: '{lookup}',
    description: 'Registry lookups',
    temporality: 'cumulative',
    series: [
      series({ result: 'hit' }, { value: 41 }),
      series(
        { result: TRICKY },
        { value: 2.5, exemplars: [{ value: 1, time: START, traceId: TRACE, spanId: SPAN }] },
      ),
    ],
  }),
  snapshot({
    name: 'foundation.process_registry.size',
    kind: 'updowncounter',
    unit: '{process}',
    description: 'Registered processes',
    temporality: 'cumulative',
    series: [series({ 'registry.name': 'main' }, { value: -3 })],
  }),
  snapshot({
    name: 'foundation.circuit_breaker.call_duration',
    kind: 'histogram',
    unit: 'ms',
    description: 'Breaker call latency "quoted" \\ and\nmultiline',
    temporality: 'cumulative',
    series: [
      series(
        { breaker: 'payments' },
        {
          histogram: { bounds: [5, 300, 2500], counts: [3, 2, 1, 1], sum: 4321, count: 7, min: 1, max: 4000 },
          exemplars: [{ value: 250, time: START + 500, traceId: TRACE, spanId: SPAN }],
        },
      ),
    ],
  }),
  snapshot({
    name: 'dspex.program.latency',
    kind: 'summary',
    unit: 'ms',
    description: 'Program latency',
    temporality: 'cumulative',
    series: [
      series(
        { program: 'qa' },
        {
          summary: summary(
            [
              [0.5, 120],
              [0.9, 450],
              [0.99, 1250],
            ],
            98765,
            400,
          ),
        },
      ),
    ],
  }),
  snapshot({
    name: 'foundation.runtime.heap_used',
    kind: 'gauge',
    unit: 'By',
    description: 'Heap in use',
    temporality: 'cumulative',
    series: [series({}, { value: 52428800 })],
  }),
]

// Everything the API should hold for one job, `name{labels}` -> value as Prometheus prints it.
function expectedSeries(openMetrics: boolean): Record<string, string> {
  const created = String(START / 1000)
  const expected: Record<string, string> = {
    ['target_info{service_name="scrape-test",tricky="' + TRICKY + '"}']: '1',
    'foundation_process_registry_lookups_total{result="hit"}': '41',
    ['foundation_process_registry_lookups_total{result="' + TRICKY + '"}']: '2.5',
    'foundation_process_registry_size{registry_name="main"}': '-3',
    'foundation_circuit_breaker_call_duration_seconds_bucket{breaker="payments",le="0.005"}': '3',
    'foundation_circuit_breaker_call_duration_seconds_bucket{breaker="payments",le="0.3"}': '5',
    'foundation_circuit_breaker_call_duration_seconds_bucket{breaker="payments",le="2.5"}': '6',
    'foundation_circuit_breaker_call_duration_seconds_bucket{breaker="payments",le="+Inf"}': '7',
    'foundation_circuit_breaker_call_duration_seconds_sum{breaker="payments"}': '4.321',
    'foundation_circuit_breaker_call_duration_seconds_count{breaker="payments"}': '7',
    'dspex_program_latency_seconds{program="qa",quantile="0.5"}': '0.12',
    'dspex_program_latency_seconds{program="qa",quantile="0.9"}': '0.45',
    'dspex_program_latency_seconds{program="qa",quantile="0.99"}': '1.25',
    'dspex_program_latency_seconds_sum{program="qa"}': '98.765',
    'dspex_program_latency_seconds_count{program="qa"}': '400',
    'foundation_runtime_heap_used_bytes{}': '52428800',
  }
  if (openMetrics) {
    expected['foundation_process_registry_lookups_created{result="hit"}'] = created
    expected['foundation_process_registry_lookups_created{result="' + TRICKY + '"}'] = created
    expected['foundation_circuit_breaker_call_duration_seconds_created{breaker="payments"}'] = created
    expected['dspex_program_latency_seconds_created{program="qa"}'] = created
  }
  return expected
}

function fixedMetrics(): Metrics {
  const noop = { bind: () => ({ add() {}, set() {}, record() {} }), add() {}, set() {}, record() {} }
  return {
    collect: () => snapshots,
    counter: () => noop,
    gauge: () => noop,
  } as unknown as Metrics
}

interface Job {
  name: string
  telemetry: TelemetryInstance
  exporter: PrometheusExporter
  port: number
  formats: string[]
  secondScrape: Promise<void>
}

async function startJob(name: string, openMetrics: boolean, bearer?: string): Promise<Job> {
  const telemetry = createTelemetry({ service: 'scrape-test', enrich: false })
  const formats: string[] = []
  const secondScrape = new Promise<void>((resolve) => {
    telemetry.attach(`scrapes-${name}`, scrapeEventName, (_event, _m, metadata) => {
      formats.push(String(metadata.format))
      if (metadata.status_code === 200 && formats.length >= 2) resolve()
    })
  })
  const exporter = createPrometheusExporter({
    telemetry: { ...pick(telemetry), metrics: fixedMetrics() },
    openMetrics,
    ...(bearer === undefined ? {} : { auth: { bearer } }),
  })
  const { port } = await exporter.listen({ port: 0 })
  return { name, telemetry, exporter, port, formats, secondScrape }
}

// The real bus (scrape events) with fixed metrics and a fixed resource, so every expected
// series is known exactly.
function pick(t: TelemetryInstance) {
  return {
    resource: { 'service.name': 'scrape-test', tricky: TRICKY },
    reportError: t.reportError,
    execute: t.execute,
  }
}

let dir: string
let prometheus: ChildProcess
let api: string
let jobs: Job[]
let prometheusLog = ''

async function query(path: string): Promise<unknown> {
  const res = await fetch(api + path)
  const body = (await res.json()) as { status: string; data: unknown }
  expect(body.status).toBe('success')
  return body.data
}

describe('Prometheus 2.42 scraping the exporter', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prom-scrape-'))
    jobs = [await startJob('text', false), await startJob('openmetrics', true, 'scrape-token')]
    const config = [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      'scrape_configs:',
      '  - job_name: text',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${jobs[0]!.port}']`,
      '  - job_name: openmetrics',
      '    authorization:',
      '      credentials: scrape-token',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${jobs[1]!.port}']`,
    ].join('\n')
    writeFileSync(join(dir, 'prometheus.yml'), config)
    const port = await freePort()
    api = `http://127.0.0.1:${port}`
    prometheus = spawn(
      '/usr/bin/prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--enable-feature=exemplar-storage',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
    prometheus.stderr?.on('data', (chunk: Buffer) => {
      prometheusLog = (prometheusLog + chunk.toString()).slice(-4000)
    })
    const exited = once(prometheus, 'exit').then(([code]) => {
      throw new Error(`prometheus exited early (${code}): ${prometheusLog}`)
    })
    await Promise.race([Promise.all(jobs.map((j) => j.secondScrape)), exited])
  }, 30_000)

  afterAll(async () => {
    if (prometheus !== undefined && prometheus.exitCode === null) {
      const exit = once(prometheus, 'exit')
      prometheus.kill('SIGTERM')
      await exit
    }
    await Promise.all((jobs ?? []).map((j) => j.exporter.close()))
    await Promise.all((jobs ?? []).map((j) => j.telemetry.shutdown()))
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })

  for (const openMetrics of [false, true]) {
    const job = openMetrics ? 'openmetrics' : 'text'
    it(`stores every series and value exactly (${job} format)`, async () => {
      const data = (await query(`/api/v1/query?query=${encodeURIComponent(`{job="${job}"}`)}`)) as {
        result: Array<{ metric: Record<string, string>; value: [number, string] }>
      }
      const actual: Record<string, string> = {}
      for (const { metric, value } of data.result) {
        const { __name__: name, job: _job, instance: _instance, ...labels } = metric
        if (name === 'up' || name!.startsWith('scrape_')) continue
        const rendered = Object.keys(labels)
          .sort()
          .map((k) => `${k}="${labels[k]}"`)
          .join(',')
        actual[`${name}{${rendered}}`] = value[1]
      }
      expect(actual).toEqual(expectedSeries(openMetrics))
    })
  }

  it('negotiated OpenMetrics with Prometheus, and the text format where it was forced', () => {
    expect(new Set(jobs[0]!.formats)).toEqual(new Set(['text']))
    expect(new Set(jobs[1]!.formats)).toEqual(new Set(['openmetrics']))
    expect(jobs[1]!.exporter.serialize('openmetrics').endsWith('# EOF\n')).toBe(true)
  })

  it('reports both targets up with no scrape error', async () => {
    const data = (await query('/api/v1/targets?state=active')) as {
      activeTargets: Array<{ labels: { job: string }; health: string; lastError: string }>
    }
    const health = data.activeTargets.map((t) => [t.labels.job, t.health, t.lastError]).sort()
    expect(health).toEqual([
      ['openmetrics', 'up', ''],
      ['text', 'up', ''],
    ])
  })

  it('keeps HELP text, types and units as sent', async () => {
    const metadata = (await query('/api/v1/metadata')) as Record<
      string,
      Array<{ type: string; help: string; unit: string }>
    >
    expect(metadata.foundation_circuit_breaker_call_duration_seconds).toContainEqual({
      type: 'histogram',
      help: 'Breaker call latency "quoted" \\ and\nmultiline',
      unit: 'seconds',
    })
    expect(metadata.foundation_process_registry_lookups).toContainEqual({
      type: 'counter',
      help: 'Registry lookups',
      unit: '',
    })
  })

  it('ingests the OpenMetrics exemplars with their trace and span ids', async () => {
    const now = Date.now() / 1000
    const q = encodeURIComponent('foundation_circuit_breaker_call_duration_seconds_bucket{job="openmetrics"}')
    const data = (await query(`/api/v1/query_exemplars?query=${q}&start=0&end=${now + 60}`)) as Array<{
      seriesLabels: Record<string, string>
      exemplars: Array<{ labels: Record<string, string>; value: string; timestamp: number }>
    }>
    expect(data.map((d) => [d.seriesLabels.le, d.exemplars[0]])).toEqual([
      ['0.3', { labels: { trace_id: TRACE, span_id: SPAN }, value: '0.25', timestamp: (START + 500) / 1000 }],
    ])
  })
})
