import type { MetricSnapshot } from '@foundation-telemetry/core'
import { createTelemetry } from '@foundation-telemetry/core'
import { flushMicrotasks } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import type { ExporterTelemetry } from '../shared/exporterTelemetry.ts'
import { createExportRedaction } from '../shared/exportRedaction.ts'
import type { OtlpDeliver } from './otlpDelivery.ts'
import { createOtlpMetricsExport, type OtlpMetricsExportOptions } from './otlpMetricsExport.ts'
import { resolveOtlpTarget } from './otlpTarget.ts'

const target = resolveOtlpTarget('metrics', { protocol: 'http/json' }, {})

function setup(telemetry: ExporterTelemetry, overrides: Partial<OtlpMetricsExportOptions> = {}) {
  const sent: { items: number; body: unknown }[] = []
  const deliver: OtlpDeliver = async (signal, to, items, encode) => {
    expect([signal, to]).toEqual(['metrics', target])
    sent.push({ items, body: JSON.parse(new TextDecoder().decode(encode())) })
  }
  const exportMetrics = createOtlpMetricsExport({
    telemetry,
    redaction: createExportRedaction(telemetry),
    env: {},
    resource: undefined,
    temporality: 'cumulative',
    deliver,
    target,
    exporter: 'otlp',
    enabled: true,
    ...overrides,
  })
  return { exportMetrics, sent }
}

/** A telemetry stand-in whose collections return `snapshots` and are counted. */
function collecting(snapshots: MetricSnapshot[]) {
  const counts = { collect: 0 }
  const telemetry = {
    resource: {},
    metrics: {
      collect: () => {
        counts.collect++
        return snapshots
      },
    },
    reportError: () => {},
  } as unknown as ExporterTelemetry
  return { telemetry, counts }
}

describe('createOtlpMetricsExport', () => {
  it("delivers the collected metrics to its target, the resource option over the telemetry's resource", async () => {
    const t = createTelemetry({ service: 'checkout', env: {} })
    t.metrics.counter('orders').add(2)
    const { exportMetrics, sent } = setup(t, { resource: { 'deployment.environment': 'test' } })
    await exportMetrics()
    expect(sent).toHaveLength(1)
    const body = sent[0]?.body as {
      resourceMetrics: { resource: { attributes: { key: string; value: { stringValue?: string } }[] } }[]
    }
    const attributes = Object.fromEntries(
      body.resourceMetrics[0]?.resource.attributes.map((a) => [a.key, a.value.stringValue]) ?? [],
    )
    expect(attributes).toMatchObject({ 'service.name': 'checkout', 'deployment.environment': 'test' })
    expect(JSON.stringify(body)).toContain('"orders"')
    expect(sent[0]?.items).toBeGreaterThan(0)
  })

  it('sends nothing when there are no metrics', async () => {
    const { telemetry, counts } = collecting([])
    const { exportMetrics, sent } = setup(telemetry)
    await exportMetrics()
    expect(counts.collect).toBe(1)
    expect(sent).toEqual([])
  })

  it('neither collects nor sends when metrics are not exported', async () => {
    const { telemetry, counts } = collecting([])
    const { exportMetrics, sent } = setup(telemetry, { enabled: false })
    await exportMetrics()
    expect(counts.collect).toBe(0)
    expect(sent).toEqual([])
  })

  it('starts an export only after the one in flight has finished', async () => {
    const t = createTelemetry({ env: {} })
    t.metrics.counter('orders').add(1)
    const order: string[] = []
    let release: () => void = () => {}
    let calls = 0
    const { exportMetrics } = setup(t, {
      deliver: () => {
        const call = ++calls
        order.push(`start ${call}`)
        if (call > 1) return Promise.resolve()
        return new Promise<void>((resolve) => {
          release = () => {
            order.push('end 1')
            resolve()
          }
        })
      },
    })
    const first = exportMetrics()
    const second = exportMetrics()
    await flushMicrotasks()
    expect(order).toEqual(['start 1'])
    release()
    await Promise.all([first, second])
    expect(order).toEqual(['start 1', 'end 1', 'start 2'])
  })
})
