/**
 * Real-server test: VictoriaMetrics 1.79 (Debian `victoria-metrics`) accepts our Datadog v1
 * payload at /datadog/api/v1/series and returns the names, tags and values through
 * /api/v1/export.
 */
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatadogExporter, toDatadogSeries } from '../src/datadog.ts'
import { datadogSnapshots } from './datadogSupport.ts'
import { fakeTelemetry } from './otlpSupport.ts'
import { hasVictoriaMetrics, type RunningVictoriaMetrics, startVictoriaMetrics } from './victoriaMetrics.ts'

const API_KEY = 'vm-test-key-0123456789'

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'DD-API-KEY': API_KEY },
    })
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
}

let vm: RunningVictoriaMetrics | undefined
let base = ''

describe.skipIf(!hasVictoriaMetrics)('Datadog payload accepted by VictoriaMetrics 1.79', () => {
  beforeAll(async () => {
    vm = await startVictoriaMetrics()
    base = vm.base
  }, 30_000)

  afterAll(async () => {
    await vm?.stop()
  })

  it('returns 202 and reads back every name, tag and value', async () => {
    const telemetry = fakeTelemetry()
    // Recent timestamps: VictoriaMetrics rejects samples outside its retention period.
    const time = Math.floor(Date.now() / 1000) * 1000
    telemetry.snapshots = datadogSnapshots('ft_test.', time)
    const dd = createDatadogExporter({
      telemetry,
      apiKey: API_KEY,
      url: `${base}/datadog/api/v1/series`,
      host: 'vm-host',
      tags: { env: 'ci' },
      interval: 0,
      env: {},
    })
    await dd.exportMetrics()
    expect(telemetry.errors).toEqual([])
    // The status itself, for the same series uncompressed: 202 Accepted.
    const series = toDatadogSeries(datadogSnapshots('ft_check.', time), {
      interval: 10,
      host: 'vm-host',
      prefix: '',
      globalTags: [],
      counterType: 'count',
    })
    expect(await post(`${base}/datadog/api/v1/series`, JSON.stringify({ series }))).toBe(202)
    expect(telemetry.counted('telemetry.exporter.exported', { exporter: 'datadog' })).toBe(7)

    const wanted = [
      'ft_test.foundation.registry.lookups',
      'ft_test.foundation.pool.in_use',
      'ft_test.dspex.program.duration.count',
      'ft_test.dspex.program.duration.sum',
      'ft_test.dspex.program.duration.avg',
      'ft_test.dspex.program.duration.min',
      'ft_test.dspex.program.duration.max',
    ]
    const rows = await vm!.exportRows('{__name__=~"ft_test.*"}', (r) => r.length >= wanted.length)
    const byName = Object.fromEntries(rows.map((row) => [row.metric.__name__, row]))
    expect(Object.keys(byName).sort()).toEqual([...wanted].sort())
    expect(byName['ft_test.foundation.registry.lookups']).toMatchObject({
      metric: { host: 'vm-host', env: 'ci', result: 'hit' },
      values: [42],
      timestamps: [time],
    })
    expect(byName['ft_test.foundation.pool.in_use']).toMatchObject({
      metric: { pool: 'llm workers', env: 'ci' },
      values: [3.5],
    })
    expect(byName['ft_test.dspex.program.duration.avg']?.values).toEqual([20])
    expect(byName['ft_test.dspex.program.duration.max']?.values).toEqual([40])
  }, 30_000)
})
