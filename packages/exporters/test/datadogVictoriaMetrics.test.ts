/**
 * Real-server test: VictoriaMetrics 1.79 (Debian `victoria-metrics`) accepts our Datadog v1
 * payload at /datadog/api/v1/series and returns the names, tags and values through
 * /api/v1/export.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDatadogExporter, toDatadogSeries } from '../src/datadog.ts'
import { datadogSnapshots } from './datadogSupport.ts'
import { fakeTelemetry } from './otlpSupport.ts'

const BINARY = '/usr/bin/victoria-metrics'
const API_KEY = 'vm-test-key-0123456789'

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

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

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }))
      })
      .on('error', reject)
  })
}

let vm: ChildProcess | undefined
let base = ''
let dataDir = ''

describe.skipIf(!existsSync(BINARY))('Datadog payload accepted by VictoriaMetrics 1.79', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ft-vm-'))
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    vm = spawn(
      BINARY,
      [`-storageDataPath=${dataDir}`, `-httpListenAddr=127.0.0.1:${port}`, '-loggerLevel=INFO'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    // VictoriaMetrics logs this line just before it listens: wait for it, then for /health.
    await new Promise<void>((resolve, reject) => {
      let output = ''
      const onData = (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('pprof handlers are exposed')) resolve()
      }
      vm?.stderr?.on('data', onData)
      vm?.stdout?.on('data', onData)
      vm?.once('exit', (code) => reject(new Error(`victoria-metrics exited with ${code}: ${output}`)))
    })
    let healthy = false
    for (let attempt = 0; attempt < 500 && !healthy; attempt++) {
      healthy = await get(`${base}/health`).then(
        (response) => response.status === 200,
        () => false,
      )
    }
    expect(healthy).toBe(true)
  }, 30_000)

  afterAll(async () => {
    if (vm && vm.exitCode === null) {
      vm.kill('SIGTERM')
      await once(vm, 'exit')
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
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
    type Row = { metric: Record<string, string>; values: number[]; timestamps: number[] }
    let rows: Row[] = []
    // Ingestion is asynchronous: force a flush, then query; a bounded number of real round trips.
    for (let attempt = 0; attempt < 50 && rows.length < wanted.length; attempt++) {
      expect((await get(`${base}/internal/force_flush`)).status).toBe(200)
      const exported = await get(
        `${base}/api/v1/export?match[]=${encodeURIComponent('{__name__=~"ft_test.*"}')}`,
      )
      rows = exported.body
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Row)
    }
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
