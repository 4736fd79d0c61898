import type { MetricSnapshot } from '@foundation-telemetry/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeMetricsJson } from '../src/otlp/metricsEncoding.ts'
import { createOtlpExporter } from '../src/otlp.ts'
import { snapshot, summary } from './metricSnapshots.ts'
import { type Decoded, decodeOtlp } from './otlpProtoSupport.ts'
import { type FakeTelemetry, fakeTelemetry, type Receiver, startReceiver } from './otlpSupport.ts'

const METRICS_REQUEST = 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest'
const T0 = Date.UTC(2026, 0, 1)
const TRACE = 'abcdef0123456789abcdef0123456789'
const SPAN = '0123456789abcdef'

function snapshots(temporality: 'cumulative' | 'delta'): MetricSnapshot[] {
  const base = { startTime: T0, time: T0 + 60_000 }
  return [
    snapshot({
      name: 'foundation.registry.lookups',
      kind: 'counter',
      unit: '{lookup}',
      description: 'Registry lookups.',
      temporality,
      series: [
        {
          ...base,
          tags: { result: 'hit' },
          value: 41,
          exemplars: [{ value: 1, time: T0 + 5, traceId: TRACE, spanId: SPAN }],
        },
        { ...base, tags: { result: 'miss' }, value: 2.5 },
      ],
    }),
    snapshot({
      name: 'foundation.pool.in_use',
      kind: 'updowncounter',
      unit: '1',
      description: 'Workers in use.',
      temporality,
      series: [{ ...base, tags: {}, value: -3 }],
    }),
    snapshot({
      name: 'foundation.circuit_breaker.state',
      kind: 'gauge',
      unit: '1',
      description: 'Breaker state.',
      temporality,
      series: [{ ...base, tags: { breaker: 'llm' }, value: 2 }],
    }),
    snapshot({
      name: 'foundation_jido.signal.dispatch_duration',
      kind: 'histogram',
      unit: 'ms',
      description: 'Signal dispatch time.',
      temporality,
      series: [
        {
          ...base,
          tags: { signal: 'task.assigned' },
          histogram: { bounds: [5, 50, 500], counts: [1, 2, 0, 1], sum: 1260, count: 4, min: 2, max: 1200 },
          exemplars: [{ value: 1200, time: T0 + 7, traceId: TRACE, spanId: SPAN }],
        },
      ],
    }),
    snapshot({
      name: 'dspex.llm.latency',
      kind: 'summary',
      unit: 'ms',
      description: 'LLM latency.',
      temporality,
      series: [
        {
          ...base,
          tags: { model: 'small' },
          summary: summary(
            [
              [0.5, 250],
              [0.99, 1500],
            ],
            5000,
            10,
          ),
        },
      ],
    }),
  ]
}

let receiver: Receiver
let telemetry: FakeTelemetry
beforeEach(async () => {
  receiver = await startReceiver()
  telemetry = fakeTelemetry({ 'service.name': 'metrics-test', 'deployment.environment': 'test' })
})
afterEach(async () => {
  await receiver.close()
})

describe('OTLP metrics', () => {
  it('exports every kind on the metric interval; decodes with the official protos; ms become seconds', async () => {
    telemetry.snapshots = snapshots('cumulative')
    const otlp = createOtlpExporter({ telemetry, endpoint: receiver.url, env: {}, metricsInterval: 10_000 })
    telemetry.clock.advance(10_000)
    const request = await receiver.next()
    expect(request.path).toBe('/v1/metrics')
    expect(telemetry.collectCalls[0]).toEqual({ temporality: 'cumulative', reader: 'otlp' })
    const decoded = decodeOtlp(METRICS_REQUEST, request.body)
    const rm = decoded.resourceMetrics[0]
    expect(rm.resource.attributes.map((kv: Decoded) => [kv.key, kv.value.stringValue])).toEqual([
      ['service.name', 'metrics-test'],
      ['deployment.environment', 'test'],
    ])
    const byName = Object.fromEntries(rm.scopeMetrics[0].metrics.map((m: Decoded) => [m.name, m]))

    const counter = byName['foundation.registry.lookups']
    expect(counter.data).toBe('sum')
    expect(counter.sum.aggregationTemporality).toBe(2)
    expect(counter.sum.isMonotonic).toBe(true)
    expect(counter.sum.dataPoints.map((p: Decoded) => p.asDouble)).toEqual([41, 2.5])
    expect(counter.sum.dataPoints[0].attributes[0]).toMatchObject({
      key: 'result',
      value: { stringValue: 'hit' },
    })
    expect(counter.sum.dataPoints[0].timeUnixNano).toBe(String(BigInt(T0 + 60_000) * 1_000_000n))
    expect(counter.sum.dataPoints[0].exemplars[0]).toMatchObject({
      asDouble: 1,
      traceId: Buffer.from(TRACE, 'hex').toString('base64'),
      spanId: Buffer.from(SPAN, 'hex').toString('base64'),
    })

    expect(byName['foundation.pool.in_use'].sum).toMatchObject({ isMonotonic: false })
    expect(byName['foundation.pool.in_use'].sum.dataPoints[0].asDouble).toBe(-3)
    expect(byName['foundation.circuit_breaker.state'].gauge.dataPoints[0].asDouble).toBe(2)

    const histogram = byName['foundation_jido.signal.dispatch_duration']
    expect(histogram.unit).toBe('s')
    const point = histogram.histogram.dataPoints[0]
    expect(point.explicitBounds).toEqual([0.005, 0.05, 0.5])
    expect(point.bucketCounts).toEqual(['1', '2', '0', '1'])
    expect(point).toMatchObject({ count: '4', sum: 1.26, min: 0.002, max: 1.2 })
    expect(point.exemplars[0].asDouble).toBe(1.2)

    const summary = byName['dspex.llm.latency']
    expect(summary.unit).toBe('s')
    expect(summary.summary.dataPoints[0]).toMatchObject({
      count: '10',
      sum: 5,
      quantileValues: [
        { quantile: 0.5, value: 0.25 },
        { quantile: 0.99, value: 1.5 },
      ],
    })
    await otlp.shutdown()
    expect(telemetry.clock.pendingTimers()).toBe(0)
  })

  it('asks for delta temporality when OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE says so', async () => {
    telemetry.snapshots = snapshots('delta')
    const otlp = createOtlpExporter({
      telemetry,
      endpoint: receiver.url,
      metricsInterval: 0,
      env: { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' },
    })
    await otlp.exportMetrics()
    expect(telemetry.collectCalls[0]).toEqual({ temporality: 'delta', reader: 'otlp' })
    const decoded = decodeOtlp(METRICS_REQUEST, receiver.requests[0]?.body as Buffer)
    const temporalities = decoded.resourceMetrics[0].scopeMetrics[0].metrics
      .filter((m: Decoded) => m.sum || m.histogram)
      .map((m: Decoded) => (m.sum ?? m.histogram).aggregationTemporality)
    expect(temporalities).toEqual([1, 1, 1])
    expect(telemetry.counted('telemetry.exporter.exported', { signal: 'metrics' })).toBe(6)
  })

  it('writes OTLP/JSON metrics with int64 as strings and integer enums', () => {
    const json = JSON.parse(
      Buffer.from(
        encodeMetricsJson(snapshots('cumulative'), { resource: {}, scope: { name: 's' } }),
      ).toString(),
    )
    const metrics = json.resourceMetrics[0].scopeMetrics[0].metrics
    expect(metrics[0].sum.aggregationTemporality).toBe(2)
    expect(metrics[3].histogram.dataPoints[0]).toMatchObject({
      count: '4',
      bucketCounts: ['1', '2', '0', '1'],
    })
    expect(metrics[3].histogram.dataPoints[0].startTimeUnixNano).toBe(String(BigInt(T0) * 1_000_000n))
    expect(metrics[0].sum.dataPoints[0].exemplars[0].traceId).toBe(TRACE)
  })

  it('sends nothing when there are no metrics, and survives a failing collect', async () => {
    const otlp = createOtlpExporter({ telemetry, endpoint: receiver.url, metricsInterval: 0, env: {} })
    await otlp.exportMetrics()
    telemetry.metrics.collect = () => {
      throw new Error('engine exploded')
    }
    await expect(otlp.exportMetrics()).resolves.toBeUndefined()
    expect(receiver.requests).toHaveLength(0)
    expect(telemetry.errors[0]?.code).toBe('export_failure')
  })
})
