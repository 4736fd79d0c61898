import type { TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { snapshot } from '../../test/metricSnapshots.ts'
import { fakeTelemetry, useReceiver } from '../../test/otlpSupport.ts'
import { type BatchMetricsExportOptions, createBatchMetricsExport } from './batchMetricsExport.ts'
import { resolveHttpExporterContext } from './httpExporterContext.ts'

const receiver = useReceiver()

function metricsExport(overrides: Partial<BatchMetricsExportOptions<string>> = {}) {
  const telemetry = fakeTelemetry()
  telemetry.snapshots = ['a', 'b', 'c'].map((name) => snapshot({ name, kind: 'gauge', series: [] }))
  const context = resolveHttpExporterContext({ telemetry, env: {}, retry: { maxAttempts: 1 } }, 'influx')
  const rounds = createBatchMetricsExport<string>({
    telemetry,
    context,
    exporter: 'influx',
    label: 'Influx',
    action: 'write',
    itemsKey: 'lines',
    url: `${receiver().url}/write`,
    headers: { 'Content-Type': 'text/plain' },
    request: { compress: false },
    interval: 0,
    perRequest: 2,
    collect: { temporality: 'delta', reader: 'influx' },
    toItems: (snapshots) => snapshots.map((metric) => metric.name),
    body: (batch) => batch.join(','),
    ...overrides,
  })
  return { telemetry, context, rounds }
}

describe('createBatchMetricsExport', () => {
  it('collects with the given options and posts the items in batches of at most perRequest', async () => {
    const { telemetry, context, rounds } = metricsExport()
    await rounds.exportMetrics()
    expect(telemetry.collectCalls).toEqual([{ temporality: 'delta', reader: 'influx' }])
    expect(receiver().requests.map((request) => request.body.toString())).toEqual(['a,b', 'c'])
    expect(context.health.totals().exported).toBe(3)
  })

  it('skips a round, collecting nothing, while the exporter is not ready', async () => {
    let ready = false
    const { telemetry, rounds } = metricsExport({ ready: () => ready })
    await rounds.exportMetrics()
    expect(telemetry.collectCalls).toEqual([])
    expect(receiver().requests).toEqual([])
    ready = true
    await rounds.exportMetrics()
    expect(receiver().requests).toHaveLength(2)
  })

  it('reports a failed collection and posts nothing', async () => {
    const { telemetry, rounds } = metricsExport()
    telemetry.metrics.collect = () => {
      throw new Error('engine broke')
    }
    await rounds.exportMetrics()
    expect(receiver().requests).toEqual([])
    expect((telemetry.errors as TelemetryError[]).map((error) => error.message)).toEqual([
      'Influx metric collection failed',
    ])
  })

  it('runs one last round at shutdown, once however often it is called', async () => {
    const { rounds } = metricsExport()
    await Promise.all([rounds.shutdown(), rounds.shutdown()])
    expect(receiver().requests.map((request) => request.body.toString())).toEqual(['a,b', 'c'])
  })

  it('never runs two rounds at once: a round asked for during one starts after it', async () => {
    const order: string[] = []
    const { rounds } = metricsExport({
      toItems: (snapshots) => {
        order.push('collect')
        return snapshots.map((metric) => metric.name)
      },
      body: (batch) => {
        order.push(`post ${batch.join(',')}`)
        return batch.join(',')
      },
    })
    await Promise.all([rounds.exportMetrics(), rounds.exportMetrics()])
    expect(order).toEqual(['collect', 'post a,b', 'post c', 'collect', 'post a,b', 'post c'])
  })
})
