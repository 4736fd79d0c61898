import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOtlpExporter, type OtlpExporterOptions } from '../src/otlp.ts'
import { exporterHealthMetricNames as names } from '../src/shared/exporterHealth.ts'
import { type Decoded, decodeOtlp, otlpRoot } from './otlpProtoSupport.ts'
import {
  type FakeTelemetry,
  fakeTelemetry,
  makeSpan,
  type Receiver,
  startReceiver,
  startResettingReceiver,
} from './otlpSupport.ts'

const TRACE_REQUEST = 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest'

let receiver: Receiver
let telemetry: FakeTelemetry

beforeEach(async () => {
  receiver = await startReceiver()
  telemetry = fakeTelemetry()
})
afterEach(async () => {
  await receiver.close()
})

function exporter(options: Partial<OtlpExporterOptions> = {}) {
  return createOtlpExporter({
    telemetry,
    endpoint: receiver.url,
    metricsInterval: 0,
    env: {},
    retry: { random: () => 0.5 },
    ...options,
  })
}

const spanNames = (body: Buffer) =>
  decodeOtlp(TRACE_REQUEST, body).resourceSpans.flatMap((rs: Decoded) =>
    rs.scopeSpans.flatMap((ss: Decoded) => ss.spans.map((span: Decoded) => span.name)),
  )

describe('OTLP exporter: batching on the telemetry clock', () => {
  it('sends a partial batch when the scheduled delay passes, as protobuf to /v1/traces', async () => {
    const otlp = exporter({ scheduledDelay: 5000 })
    for (let i = 0; i < 3; i++) otlp.spanProcessor.onEnd(makeSpan(i))
    expect(receiver.requests).toHaveLength(0)
    telemetry.clock.advance(4999)
    expect(receiver.requests).toHaveLength(0)
    telemetry.clock.advance(1)
    const request = await receiver.next()
    expect(request.path).toBe('/v1/traces')
    expect(request.headers['content-type']).toBe('application/x-protobuf')
    expect(spanNames(request.body)).toEqual(['work.0', 'work.1', 'work.2'])
    await otlp.forceFlush()
    expect(telemetry.counted(names.exported, { exporter: 'otlp', signal: 'spans' })).toBe(3)
  })

  it('sends at once when a batch fills up, and skips unsampled spans', async () => {
    const otlp = exporter({ maxExportBatchSize: 2 })
    otlp.spanProcessor.onEnd(
      makeSpan(9, { spanContext: { traceId: 'f'.repeat(32), spanId: 'e'.repeat(16), traceFlags: 0 } }),
    )
    otlp.spanProcessor.onEnd(makeSpan(0))
    otlp.spanProcessor.onEnd(makeSpan(1))
    expect(spanNames((await receiver.next()).body)).toEqual(['work.0', 'work.1'])
  })

  it('counts and reports queue overflow drops once per episode', async () => {
    const otlp = exporter({ maxQueueSize: 3 })
    for (let i = 0; i < 5; i++) otlp.spanProcessor.onEnd(makeSpan(i))
    expect(telemetry.counted(names.dropped, { reason: 'queue_full' })).toBe(2)
    expect(telemetry.errors.map((error) => error.code)).toEqual(['data_dropped'])
    await otlp.shutdown()
    expect(spanNames(receiver.requests[0]?.body as Buffer)).toHaveLength(3)
  })

  it('forceFlush and shutdown deliver every accepted span, then refuse new ones', async () => {
    const otlp = exporter({ maxQueueSize: 100, maxExportBatchSize: 10 })
    for (let i = 0; i < 35; i++) otlp.spanProcessor.onEnd(makeSpan(i))
    await otlp.forceFlush()
    for (let i = 35; i < 42; i++) otlp.spanProcessor.onEnd(makeSpan(i))
    await otlp.shutdown()
    const delivered = receiver.requests.flatMap((request) => spanNames(request.body))
    expect(delivered).toEqual(Array.from({ length: 42 }, (_, i) => `work.${i}`))
    otlp.spanProcessor.onEnd(makeSpan(99))
    expect(telemetry.counted(names.dropped, { reason: 'shutdown' })).toBe(1)
    expect(telemetry.clock.pendingTimers()).toBe(0)
  })
})

describe('OTLP exporter: retry rules against a fault-injecting receiver', () => {
  for (const status of [429, 502, 503, 504]) {
    it(`retries ${status} after a jittered backoff, then succeeds`, async () => {
      receiver.respond({ status })
      const otlp = exporter()
      otlp.spanProcessor.onEnd(makeSpan(0))
      const flushed = otlp.forceFlush()
      const retry = await telemetry.nextEvent('telemetry.exporter.retry')
      expect(retry.metadata).toMatchObject({ exporter: 'otlp', signal: 'traces', status, retry_after: false })
      expect(retry.measurements.delay).toBe(1000) // random 0.5 puts the jitter at the middle
      expect(receiver.requests).toHaveLength(1)
      telemetry.clock.advance(1000)
      await flushed
      expect(receiver.requests).toHaveLength(2)
      expect(spanNames(receiver.requests[1]?.body as Buffer)).toEqual(['work.0'])
      expect(telemetry.counted(names.exported)).toBe(1)
      expect(telemetry.errors).toEqual([])
    })
  }

  for (const status of [400, 401, 404, 500]) {
    it(`does not retry ${status}; counts the batch as failed and reports it`, async () => {
      receiver.respond({ status })
      const otlp = exporter()
      otlp.spanProcessor.onEnd(makeSpan(0))
      otlp.spanProcessor.onEnd(makeSpan(1))
      await otlp.forceFlush()
      expect(receiver.requests).toHaveLength(1)
      expect(telemetry.counted(names.failed, { signal: 'spans' })).toBe(2)
      expect(telemetry.errors).toHaveLength(1)
      expect(telemetry.errors[0]).toMatchObject({
        code: 'export_failure',
        details: { status, items: 2, reason: 'status' },
      })
      expect(telemetry.events.filter((event) => event.event === 'telemetry.exporter.retry')).toEqual([])
    })
  }

  it('honours Retry-After in seconds', async () => {
    receiver.respond({ status: 503, headers: { 'Retry-After': '7' } })
    const otlp = exporter()
    otlp.spanProcessor.onEnd(makeSpan(0))
    const flushed = otlp.forceFlush()
    const retry = await telemetry.nextEvent('telemetry.exporter.retry')
    expect(retry.measurements.delay).toBe(7000)
    expect(retry.metadata.retry_after).toBe(true)
    telemetry.clock.advance(6999)
    expect(receiver.requests).toHaveLength(1)
    telemetry.clock.advance(1)
    await flushed
    expect(receiver.requests).toHaveLength(2)
  })

  it('honours Retry-After as an HTTP date', async () => {
    const at = new Date(telemetry.clock.now() + 3000).toUTCString()
    receiver.respond({ status: 429, headers: { 'Retry-After': at } })
    const otlp = exporter()
    otlp.spanProcessor.onEnd(makeSpan(0))
    const flushed = otlp.forceFlush()
    expect((await telemetry.nextEvent('telemetry.exporter.retry')).measurements.delay).toBe(3000)
    telemetry.clock.advance(3000)
    await flushed
    expect(receiver.requests).toHaveLength(2)
  })

  it('backs off exponentially within the jitter bounds and gives up after maxAttempts', async () => {
    const randoms = [0, 0.999999, 0]
    receiver.respond({ status: 502 }, { status: 502 }, { status: 502 }, { status: 502 })
    const otlp = exporter({ retry: { maxAttempts: 4, random: () => randoms.shift() ?? 0.5 } })
    otlp.spanProcessor.onEnd(makeSpan(0))
    const flushed = otlp.forceFlush()
    const delays: number[] = []
    for (let i = 0; i < 3; i++) {
      const retry = await telemetry.nextEvent('telemetry.exporter.retry')
      delays.push(retry.measurements.delay as number)
      telemetry.clock.advance(retry.measurements.delay as number)
    }
    await flushed
    const bases = [1000, 1500, 2250]
    delays.forEach((delay, i) => {
      const base = bases[i] as number
      expect(delay).toBeGreaterThanOrEqual(base * 0.8)
      expect(delay).toBeLessThanOrEqual(base * 1.2)
    })
    expect(delays[0]).toBe(800)
    expect(delays[1]).toBeCloseTo(1800, 2)
    expect(receiver.requests).toHaveLength(4)
    expect(telemetry.counted(names.failed)).toBe(1)
    expect(telemetry.errors[0]?.details).toMatchObject({ reason: 'attempts', status: 502, attempts: 4 })
  })

  it('does not retry a partial success; counts rejected spans as dropped and reports the message', async () => {
    const responseType = otlpRoot().lookupType(
      'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
    )
    const body = responseType
      .encode(
        responseType.fromObject({ partialSuccess: { rejectedSpans: 2, errorMessage: 'span too large' } }),
      )
      .finish()
    receiver.respond({ status: 200, headers: { 'Content-Type': 'application/x-protobuf' }, body })
    const otlp = exporter()
    for (let i = 0; i < 5; i++) otlp.spanProcessor.onEnd(makeSpan(i))
    await otlp.forceFlush()
    expect(receiver.requests).toHaveLength(1)
    expect(telemetry.counted(names.exported)).toBe(3)
    expect(telemetry.counted(names.dropped, { reason: 'rejected' })).toBe(2)
    expect(telemetry.errors[0]?.details).toMatchObject({ rejected: 2, receiver_message: 'span too large' })
  })

  it('reads a JSON partial success too', async () => {
    receiver.respond({
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ partialSuccess: { rejectedSpans: '1', errorMessage: 'bad attribute' } }),
    })
    const otlp = exporter({ protocol: 'http/json' })
    otlp.spanProcessor.onEnd(makeSpan(0))
    otlp.spanProcessor.onEnd(makeSpan(1))
    await otlp.forceFlush()
    expect(telemetry.counted(names.dropped, { reason: 'rejected' })).toBe(1)
    expect(receiver.requests).toHaveLength(1)
  })

  it('gives up at once when Retry-After would pass the export timeout', async () => {
    receiver.respond({ status: 503, headers: { 'Retry-After': '45' } })
    const otlp = exporter({ exportTimeout: 30_000 })
    otlp.spanProcessor.onEnd(makeSpan(0))
    await otlp.forceFlush()
    expect(receiver.requests).toHaveLength(1)
    expect(telemetry.errors[0]?.details).toMatchObject({ reason: 'deadline', status: 503 })
    expect(telemetry.clock.pendingTimers()).toBe(0)
  })

  it('retries a receiver that does not answer within the timeout, then gives up at the attempt limit', async () => {
    receiver.respond('hold', 'hold')
    const otlp = exporter({ timeout: 2000, retry: { maxAttempts: 2, random: () => 0.5 } })
    otlp.spanProcessor.onEnd(makeSpan(0))
    const retried = telemetry.nextEvent('telemetry.exporter.retry')
    const flushed = otlp.forceFlush()
    await receiver.next()
    telemetry.clock.advance(2000)
    const retry = await retried
    expect(retry.metadata).toMatchObject({ status: 0, retry_after: false })
    telemetry.clock.advance(retry.measurements.delay!)
    await receiver.next()
    telemetry.clock.advance(2000)
    await flushed
    expect(telemetry.counted(names.failed)).toBe(1)
    expect(telemetry.errors[0]?.details).toMatchObject({ reason: 'timeout', attempts: 2 })
  })

  it('retries a reset connection with backoff and delivers on the next attempt', async () => {
    const reset = await startResettingReceiver(receiver.url)
    const otlp = exporter({ endpoint: reset.url })
    otlp.spanProcessor.onEnd(makeSpan(0))
    const retried = telemetry.nextEvent('telemetry.exporter.retry')
    const flushed = otlp.forceFlush()
    const retry = await retried
    telemetry.clock.advance(retry.measurements.delay!)
    await flushed
    await reset.close()
    expect(reset.resets()).toBe(1)
    expect(receiver.requests).toHaveLength(1)
    expect(telemetry.errors).toEqual([])
  })

  it('retries an unreachable endpoint, then reports it without throwing', async () => {
    const otlp = createOtlpExporter({
      telemetry,
      endpoint: 'http://127.0.0.1:1',
      metricsInterval: 0,
      env: {},
      retry: { maxAttempts: 2, random: () => 0.5 },
    })
    otlp.spanProcessor.onEnd(makeSpan(0))
    const retried = telemetry.nextEvent('telemetry.exporter.retry')
    const flushed = otlp.forceFlush()
    telemetry.clock.advance((await retried).measurements.delay!)
    await expect(flushed).resolves.toBeUndefined()
    expect(telemetry.errors[0]).toMatchObject({
      code: 'export_failure',
      details: { reason: 'network', attempts: 2 },
    })
  })
})

describe('OTLP exporter: encodings, compression and configuration', () => {
  it('sends gzipped OTLP/JSON with hex ids, integer enums and int64 strings', async () => {
    const otlp = exporter({ protocol: 'http/json', compression: 'gzip' })
    otlp.spanProcessor.onEnd(makeSpan(3, { kind: 1 }))
    await otlp.forceFlush()
    const request = receiver.requests[0]
    expect(request?.headers['content-encoding']).toBe('gzip')
    expect(request?.headers['content-type']).toBe('application/json')
    const span = JSON.parse(request?.body.toString('utf8') ?? '{}').resourceSpans[0].scopeSpans[0].spans[0]
    expect(span).toMatchObject({
      traceId: '00000000000000000000000000000004',
      spanId: 'aaaaaaaaaaaaaaa4',
      kind: 2,
      startTimeUnixNano: String(BigInt(Date.UTC(2026, 0, 1) + 3) * 1_000_000n),
      attributes: [{ key: 'index', value: { intValue: '3' } }],
    })
  })

  it('sends gzipped protobuf that still decodes with the official protos', async () => {
    const otlp = exporter({ compression: 'gzip' })
    otlp.spanProcessor.onEnd(makeSpan(5))
    await otlp.forceFlush()
    expect(receiver.requests[0]?.headers['content-encoding']).toBe('gzip')
    expect(spanNames(receiver.requests[0]?.body as Buffer)).toEqual(['work.5'])
  })

  it('reads OTEL_* variables: base endpoint + /v1/traces, headers, protocol; options win', async () => {
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/base/`,
      OTEL_EXPORTER_OTLP_HEADERS: 'x-team=agents,authorization=Bearer%20s3cret',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-team=traces',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${receiver.url}/custom/metrics`,
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${receiver.url}/custom/logs`,
    }
    const otlp = createOtlpExporter({ telemetry, env, metricsInterval: 0 })
    expect(otlp.endpoints).toEqual({
      traces: `${receiver.url}/base/v1/traces`,
      metrics: `${receiver.url}/custom/metrics`,
      logs: `${receiver.url}/custom/logs`,
    })
    otlp.spanProcessor.onEnd(makeSpan(0))
    await otlp.forceFlush()
    expect(receiver.requests[0]).toMatchObject({
      path: '/base/v1/traces',
      headers: { 'x-team': 'traces', authorization: 'Bearer s3cret', 'content-type': 'application/json' },
    })
    const overridden = createOtlpExporter({
      telemetry,
      env,
      metricsInterval: 0,
      endpoint: receiver.url,
      protocol: 'http/protobuf',
    })
    expect(overridden.endpoints.traces).toBe(`${receiver.url}/v1/traces`)
    overridden.spanProcessor.onEnd(makeSpan(1))
    await overridden.forceFlush()
    expect(receiver.requests[1]?.headers['content-type']).toBe('application/x-protobuf')
  })
})
