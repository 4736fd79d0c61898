import { createManualClock, createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOtlpExporter } from '../src/otlp.ts'
import { type Decoded, decodeOtlp } from './otlpProtoSupport.ts'
import { type Receiver, startReceiver } from './otlpSupport.ts'

let receiver: Receiver
beforeEach(async () => {
  receiver = await startReceiver()
})
afterEach(async () => {
  await receiver.close()
})

describe('OTLP exporter wired to a real telemetry instance', () => {
  it('exports spans with parent/child structure and metrics (with its own health) on shutdown', async () => {
    const clock = createManualClock()
    const errors: TelemetryError[] = []
    const t = createTelemetry({ service: 'otlp-e2e', clock, onError: (error) => void errors.push(error) })
    const otlp = createOtlpExporter({ telemetry: t, endpoint: receiver.url, env: {}, metricsInterval: 0 })
    t.addSpanProcessor(otlp.spanProcessor)

    t.span('agent.run', { agent_id: 'a-1' }, () => {
      clock.advance(3)
      t.span('llm.call', { model: 'small' }, () => clock.advance(20))
    })
    t.metrics.histogram('llm.latency', { unit: 'ms', buckets: [10, 100] }).record(20, { model: 'small' })
    t.metrics.counter('agent.tasks').add(2)

    await t.forceFlush()
    await otlp.shutdown()
    const traces = receiver.requests.filter((r) => r.path === '/v1/traces')
    const metrics = receiver.requests.filter((r) => r.path === '/v1/metrics')
    expect(traces).toHaveLength(1)
    expect(metrics.length).toBeGreaterThanOrEqual(1)

    const request = decodeOtlp(
      'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
      traces[0]?.body as Buffer,
    )
    const resource = Object.fromEntries(
      request.resourceSpans[0].resource.attributes.map((kv: Decoded) => [kv.key, kv.value.stringValue]),
    )
    expect(resource['service.name']).toBe('otlp-e2e')
    const spans = request.resourceSpans.flatMap((rs: Decoded) =>
      rs.scopeSpans.flatMap((ss: Decoded) => ss.spans),
    )
    const run = spans.find((s: Decoded) => s.name === 'agent.run')
    const call = spans.find((s: Decoded) => s.name === 'llm.call')
    expect(call.parentSpanId).toBe(run.spanId)
    expect(call.traceId).toBe(run.traceId)
    expect(BigInt(call.endTimeUnixNano) - BigInt(call.startTimeUnixNano)).toBe(20_000_000n)

    const last = decodeOtlp(
      'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
      metrics.at(-1)?.body as Buffer,
    )
    const byName = Object.fromEntries(
      last.resourceMetrics[0].scopeMetrics[0].metrics.map((m: Decoded) => [m.name, m]),
    )
    const latency = byName['llm.latency']
    expect(latency.unit).toBe('s')
    expect(latency.histogram.dataPoints[0]).toMatchObject({
      count: '1',
      sum: 0.02,
      explicitBounds: [0.01, 0.1],
    })
    expect(byName['agent.tasks'].sum.dataPoints[0].asDouble).toBe(2)
    expect(byName['telemetry.exporter.exported']).toBeDefined()
    expect(errors).toEqual([])
  })
})
