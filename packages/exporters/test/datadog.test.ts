import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDatadogExporter, type DatadogExporterOptions } from '../src/datadog.ts'
import { exporterHealthMetricNames as names } from '../src/shared/exporterHealth.ts'
import { datadogSnapshots } from './datadogSupport.ts'
import { type FakeTelemetry, fakeTelemetry, type Receiver, startReceiver } from './otlpSupport.ts'

const API_KEY = 'dd0123456789abcdef0123456789abcd'
const T = Date.UTC(2026, 0, 1, 0, 1, 0)

let receiver: Receiver
let telemetry: FakeTelemetry
beforeEach(async () => {
  receiver = await startReceiver()
  telemetry = fakeTelemetry()
  telemetry.snapshots = datadogSnapshots('', T)
})
afterEach(async () => {
  await receiver.close()
})

/** An exporter with the test key, posting to the receiver, exporting only when asked unless `options` say otherwise. */
function datadog(options: Partial<DatadogExporterOptions> = {}) {
  return createDatadogExporter({
    telemetry,
    apiKey: API_KEY,
    url: `${receiver.url}/api/v1/series`,
    interval: 0,
    env: {},
    ...options,
  })
}

describe('Datadog exporter', () => {
  it('posts v1 series with count/gauge types, k:v tags, host and interval; key only in DD-API-KEY', async () => {
    const dd = datadog({ host: 'worker-1', tags: { env: 'test' }, interval: 10_000 })
    telemetry.clock.advance(10_000)
    const request = await receiver.next()
    expect(request.headers['dd-api-key']).toBe(API_KEY)
    expect(request.path).toBe('/api/v1/series')
    expect(request.body.toString()).not.toContain(API_KEY)
    const { series } = JSON.parse(request.body.toString())
    expect(series).toContainEqual({
      metric: 'foundation.registry.lookups',
      points: [[T / 1000, 42]],
      type: 'count',
      interval: 10,
      host: 'worker-1',
      tags: ['env:test', 'result:hit'],
    })
    expect(series).toContainEqual({
      metric: 'foundation.pool.in_use',
      points: [[T / 1000, 3.5]],
      type: 'gauge',
      host: 'worker-1',
      tags: ['env:test', 'pool:llm workers'],
    })
    expect(series.map((s: { metric: string }) => s.metric)).toEqual([
      'foundation.registry.lookups',
      'foundation.pool.in_use',
      'dspex.program.duration.count',
      'dspex.program.duration.sum',
      'dspex.program.duration.avg',
      'dspex.program.duration.min',
      'dspex.program.duration.max',
    ])
    expect(telemetry.collectCalls[0]).toEqual({ temporality: 'delta', reader: 'datadog' })
    await dd.shutdown()
    expect(telemetry.counted(names.exported, { exporter: 'datadog' })).toBe(14)
  })

  it('sends counters as rates when asked', async () => {
    const dd = datadog({ counterType: 'rate' })
    await dd.exportMetrics()
    const { series } = JSON.parse(receiver.requests[0]?.body.toString() ?? '{}')
    expect(series[0]).toMatchObject({ type: 'rate', points: [[T / 1000, 4.2]], interval: 10 })
  })

  it('takes the key from DD_API_KEY or DATADOG_API_KEY and the site from DD_SITE', () => {
    const a = createDatadogExporter({
      telemetry,
      interval: 0,
      env: { DD_SITE: 'datadoghq.eu', DD_API_KEY: API_KEY },
    })
    expect(a.url).toBe('https://api.datadoghq.eu/api/v1/series')
    expect(JSON.stringify(a)).not.toContain(API_KEY)
  })

  it('never puts the API key in errors or reported details, even when the server echoes it', async () => {
    receiver.respond({ status: 403, body: `{"errors":["Forbidden: bad key ${API_KEY}"]}` })
    const dd = createDatadogExporter({
      telemetry,
      url: `${receiver.url}/api/v1/series`,
      interval: 0,
      env: { DATADOG_API_KEY: API_KEY },
    })
    await dd.exportMetrics()
    expect(receiver.requests[0]?.headers['dd-api-key']).toBe(API_KEY)
    expect(telemetry.errors).toHaveLength(1)
    const reported = JSON.stringify(
      telemetry.errors.map((error) => ({
        message: error.message,
        stack: error.stack,
        details: error.details,
      })),
    )
    expect(reported).toContain('403')
    expect(reported).not.toContain(API_KEY)
    expect(JSON.stringify(telemetry.events)).not.toContain(API_KEY)
  })

  it('reports a missing key once and sends nothing', async () => {
    const dd = createDatadogExporter({
      telemetry,
      url: `${receiver.url}/api/v1/series`,
      interval: 0,
      env: {},
    })
    await dd.exportMetrics()
    await dd.exportMetrics()
    expect(receiver.requests).toHaveLength(0)
    expect(telemetry.errors.map((error) => error.details.reason)).toEqual(['no_api_key'])
  })

  it('splits large exports into several requests', async () => {
    const dd = datadog({ maxSeriesPerRequest: 3 })
    await dd.exportMetrics()
    expect(receiver.requests.map((r) => JSON.parse(r.body.toString()).series.length)).toEqual([3, 3, 1])
  })
})
