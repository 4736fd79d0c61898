import { JsonMetricsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer'
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics'
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan as OtelReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace'
import { describe, expect, it } from 'vitest'
import { createOtelMetricProducer } from '../src/otelMetricProducer.ts'
import { createOtelSpanBridge } from '../src/otelSpanExport.ts'
import { createTelemetry } from '../src/telemetry.ts'
import { SpanKind } from '../src/types.ts'
import { useOtelContextManager } from './otelContext.ts'

useOtelContextManager()

/** An application's own OTel pipeline, with the bridge feeding our spans into the same processor. */
function pipeline(kind: 'simple' | 'batch') {
  const exporter = new InMemorySpanExporter()
  const processor =
    kind === 'simple' ? new SimpleSpanProcessor({ exporter }) : new BatchSpanProcessor({ exporter })
  const provider = new TracerProvider({ spanProcessors: [processor] })
  const t = createTelemetry({ env: {}, service: 'planner' })
  t.addSpanProcessor(createOtelSpanBridge({ spanProcessors: [processor], telemetry: t }))
  const finished = async (): Promise<OtelReadableSpan[]> => {
    await t.forceFlush()
    await provider.forceFlush()
    return exporter.getFinishedSpans()
  }
  return { t, tracer: provider.getTracer('app'), finished, provider }
}

describe('spans into an OpenTelemetry SDK pipeline (@opentelemetry/sdk-trace 3.1.1)', () => {
  for (const kind of ['simple', 'batch'] as const) {
    it(`the ${kind} processor's exporter receives our spans and the OTel children, with no holes`, async () => {
      const { t, tracer, finished } = pipeline(kind)
      await t.span('dspex.program.execution', { program_id: 'qa' }, async () => {
        tracer.startActiveSpan('otel.child', (child) => child.end())
      })
      const spans = await finished()
      const ours = spans.find((s) => s.name === 'dspex.program.execution')
      const child = spans.find((s) => s.name === 'otel.child')
      expect(ours).toBeDefined()
      expect(child?.parentSpanContext?.spanId).toBe(ours?.spanContext().spanId)
      expect(child?.spanContext().traceId).toBe(ours?.spanContext().traceId)
      // Every parent named in the trace was exported: nothing is missing from the tree.
      const ids = new Set(spans.map((s) => s.spanContext().spanId))
      for (const span of spans) {
        if (span.parentSpanContext) expect(ids.has(span.parentSpanContext.spanId)).toBe(true)
      }
    })
  }

  it('carries name, kind, times, attributes, events, links, status, resource and scope', async () => {
    const { t, finished } = pipeline('simple')
    const link = t.startSpan('linked')
    link.end()
    const parent = t.startSpan('parent')
    const span = t.startSpan('http.request', {
      kind: SpanKind.CLIENT,
      parent,
      startTime: 1_700_000_000_123.5,
      attributes: { 'http.request.method': 'GET' },
      links: [{ context: link.spanContext(), attributes: { why: 'retry' } }],
    })
    span.addEvent('retry', { attempt: 2 }, 1_700_000_000_200)
    span.setStatus({ code: 2, message: 'boom' })
    span.end(1_700_000_000_623.25)
    parent.end()
    const spans = await finished()
    const exported = spans.find((s) => s.name === 'http.request') as OtelReadableSpan
    expect(exported.kind).toBe(SpanKind.CLIENT)
    expect(exported.startTime).toEqual([1_700_000_000, 123_500_000])
    expect(exported.endTime).toEqual([1_700_000_000, 623_250_000])
    expect(exported.attributes).toEqual({ 'http.request.method': 'GET' })
    expect(exported.events).toEqual([
      {
        name: 'retry',
        time: [1_700_000_000, 200_000_000],
        attributes: { attempt: 2 },
        droppedAttributesCount: 0,
      },
    ])
    expect(exported.links[0]?.context.spanId).toBe(link.spanContext().spanId)
    expect(exported.links[0]?.attributes).toEqual({ why: 'retry' })
    expect(exported.status).toEqual({ code: 2, message: 'boom' })
    expect(exported.parentSpanContext?.spanId).toBe(parent.spanContext().spanId)
    expect(exported.resource.attributes['service.name']).toBe('planner')
    expect(exported.instrumentationScope.name).toBe('@foundation-telemetry/core')
    expect(exported.ended).toBe(true)
  })

  it("serializes through OpenTelemetry's own OTLP transformer", async () => {
    const { t, finished } = pipeline('simple')
    const span = t.startSpan('serialized', { attributes: { n: 1 } })
    span.end()
    const spans = await finished()
    const body = JSON.parse(new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)))
    const otlpSpan = body.resourceSpans[0].scopeSpans[0].spans[0]
    expect(otlpSpan.name).toBe('serialized')
    expect(otlpSpan.traceId).toBe(span.spanContext().traceId)
    expect(body.resourceSpans[0].resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'planner' },
    })
  })

  it('hands spans to span exporters, and an exporter failure is reported without throwing', async () => {
    const t = createTelemetry({ env: {} })
    const good = new InMemorySpanExporter()
    const bad = {
      export: (_spans: unknown, done: (r: { code: number; error?: Error }) => void) =>
        done({ code: 1, error: new Error('down') }),
      shutdown: async () => {},
    }
    t.addSpanProcessor(createOtelSpanBridge({ spanExporters: [good, bad], telemetry: t }))
    t.startSpan('exported').end()
    await t.forceFlush()
    expect(good.getFinishedSpans().map((s) => s.name)).toEqual(['exported'])
    expect(t.stats().export_failure).toBe(1)
  })

  it('leaves unsampled spans out, as the SDK does', async () => {
    const exporter = new InMemorySpanExporter()
    const t = createTelemetry({ env: {}, sampler: { shouldSample: () => ({ sampled: false }) } })
    t.addSpanProcessor(createOtelSpanBridge({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }))
    t.startSpan('dropped').end()
    await t.forceFlush()
    expect(exporter.getFinishedSpans()).toEqual([])
  })
})

describe('metrics into an OpenTelemetry MeterProvider (@opentelemetry/sdk-metrics 3.1.1)', () => {
  async function collectWith(temporality: 'cumulative' | 'delta') {
    const t = createTelemetry({ env: {}, service: 'planner' })
    const exporter = new InMemoryMetricExporter(
      temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE,
    )
    const reader = new PeriodicExportingMetricReader({
      exporter,
      exportIntervalMillis: 3_600_000,
      metricProducers: [createOtelMetricProducer({ telemetry: t, temporality })],
    })
    const provider = new MeterProvider({ readers: [reader] })
    provider.getMeter('app').createCounter('app.own').add(2)
    return { t, exporter, reader, provider }
  }

  it('a reader exports our counters, gauges and histograms next to the OTel instruments, in base units', async () => {
    const { t, exporter, reader, provider } = await collectWith('cumulative')
    t.metrics.counter('dspex.program.executions').add(3, { program_type: 'qa' })
    t.metrics.upDownCounter('app.in_flight').add(-2)
    t.metrics.gauge('app.queue_depth').set(7)
    t.metrics.histogram('app.latency', { unit: 'ms', buckets: [100, 1000] }).record(250)
    t.metrics.summary('app.summary', { unit: 'ms' }).record(1)
    await reader.forceFlush()
    const scopes = exporter.getMetrics()[0]?.scopeMetrics ?? []
    expect(scopes.map((s) => s.scope.name)).toEqual(['app', '@foundation-telemetry/core'])
    const ours = new Map(scopes[1]?.metrics.map((m) => [m.descriptor.name, m]))
    const counter = ours.get('dspex.program.executions')
    expect(counter?.dataPointType).toBe(DataPointType.SUM)
    expect(counter?.dataPoints[0]?.value).toBe(3)
    expect(counter?.dataPoints[0]?.attributes).toEqual({ program_type: 'qa' })
    expect(counter && 'isMonotonic' in counter && counter.isMonotonic).toBe(true)
    const upDown = ours.get('app.in_flight')
    expect(upDown && 'isMonotonic' in upDown && upDown.isMonotonic).toBe(false)
    expect(ours.get('app.queue_depth')?.dataPointType).toBe(DataPointType.GAUGE)
    const histogram = ours.get('app.latency')
    expect(histogram?.descriptor.unit).toBe('s')
    expect(histogram?.dataPoints[0]?.value).toEqual({
      buckets: { boundaries: [0.1, 1], counts: [0, 1, 0] },
      sum: 0.25,
      count: 1,
      min: 0.25,
      max: 0.25,
    })
    expect(ours.has('app.summary')).toBe(false)
    const body = JSON.parse(
      new TextDecoder().decode(JsonMetricsSerializer.serializeRequest(exporter.getMetrics()[0] as never)),
    )
    expect(body.resourceMetrics[0].scopeMetrics[1].metrics.map((m: { name: string }) => m.name)).toContain(
      'app.latency',
    )
    await provider.shutdown()
  })

  it('delta collections carry the change since the previous one', async () => {
    const { t, exporter, reader, provider } = await collectWith('delta')
    const counter = t.metrics.counter('app.calls')
    counter.add(5)
    await reader.forceFlush()
    counter.add(2)
    await reader.forceFlush()
    const ours = exporter
      .getMetrics()
      .map((m) => m.scopeMetrics.find((scope) => scope.scope.name === '@foundation-telemetry/core'))
    const values = ours.map(
      (scope) => scope?.metrics.find((x) => x.descriptor.name === 'app.calls')?.dataPoints[0]?.value,
    )
    expect(values).toEqual([5, 2])
    expect(ours[1]?.metrics[0]?.aggregationTemporality).toBe(AggregationTemporality.DELTA)
    await provider.shutdown()
  })
})
