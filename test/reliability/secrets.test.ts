/**
 * The planted-secret table through every exporter: each of the 18 secrets is planted wherever
 * the exporter takes user data (metric tag values, span names, attributes, event attributes,
 * exception and status messages, event names, metadata and measurements) on an instance with
 * the default redaction policy, and none may appear in what reaches the wire or the stream.
 */
import { PassThrough } from 'node:stream'
import {
  createTelemetry,
  SpanStatusCode,
  type TelemetryError,
  type TelemetryInstance,
} from '@foundation-telemetry/core'
import { createEmfExporter } from '@foundation-telemetry/exporters/cloudwatch-emf'
import { createDatadogExporter } from '@foundation-telemetry/exporters/datadog'
import { createInfluxExporter } from '@foundation-telemetry/exporters/influx'
import { createJsonlExporter } from '@foundation-telemetry/exporters/jsonl'
import { createOtlpExporter } from '@foundation-telemetry/exporters/otlp'
import { createPrometheusExporter } from '@foundation-telemetry/exporters/prometheus'
import { createStatsdExporter } from '@foundation-telemetry/exporters/statsd'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type HttpReceiver,
  startHttpReceiver,
  startUdpReceiver,
  type UdpReceiver,
} from './support/receivers.ts'
import { leaked, PLANTED_SECRETS, planted } from './support/secrets.ts'

/** Record every secret as a tag of one counter series each. */
function plantInMetrics(t: TelemetryInstance): void {
  const counter = t.metrics.counter('planted.requests')
  const histogram = t.metrics.histogram('planted.latency')
  for (const secret of PLANTED_SECRETS) {
    const [key, value] = planted(secret)
    counter.add(1, { [key]: value as string, route: 'a' })
    histogram.record(5, { [key]: value as string })
  }
}

/** End one span per secret carrying it everywhere a span takes data. */
function plantInSpans(t: TelemetryInstance): void {
  for (const secret of PLANTED_SECRETS) {
    const [key, value] = planted(secret)
    const span = t.startSpan(secret.key === undefined ? `op ${secret.text}` : 'op', {
      attributes: { [key]: value },
    })
    span.addEvent(secret.key === undefined ? `event ${secret.text}` : 'event', { [key]: value })
    // Free text has no key to mark it: only value secrets are planted there.
    const text = secret.key === undefined ? secret.text : 'no secret here'
    span.recordException(new Error(`failed: ${text}`))
    span.setStatus({ code: SpanStatusCode.ERROR, message: `status: ${text}` })
    span.end()
  }
}

/** Emit one event per secret, in its name (value secrets), metadata and measurements. */
function plantInEvents(t: TelemetryInstance): void {
  for (const secret of PLANTED_SECRETS) {
    const [key, value] = planted(secret)
    const name = secret.key === undefined ? `planted.${secret.text}` : 'planted.event'
    t.execute(name, { [key]: value } as Record<string, number>, { [key]: value })
  }
}

const closers: Array<() => unknown> = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function http(): Promise<HttpReceiver> {
  const receiver = await startHttpReceiver()
  closers.push(() => receiver.close())
  return receiver
}

async function udp(): Promise<UdpReceiver> {
  const receiver = await startUdpReceiver()
  closers.push(() => receiver.close())
  return receiver
}

/** Every request body the receiver got, as one text. */
function bodies(receiver: HttpReceiver): string {
  return receiver.requests.map((r) => r.body.toString('utf8')).join('\n')
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough()
  const chunks: Buffer[] = []
  stream.on('data', (c: Buffer) => chunks.push(c))
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') }
}

describe('planted secrets never leave the process', () => {
  it('the table holds 18 secrets, each detectable in raw output', () => {
    expect(PLANTED_SECRETS).toHaveLength(18)
    expect(leaked(PLANTED_SECRETS.map((s) => s.text).join(' '))).toHaveLength(18)
  })

  it('Prometheus: /metrics carries none', async () => {
    const t = createTelemetry({ env: {} })
    plantInMetrics(t)
    const prom = createPrometheusExporter({ telemetry: t })
    const text = prom.serialize('text') + (await prom.serializeAsync('openmetrics'))
    expect(text).toContain('planted_requests_total')
    expect(leaked(text)).toEqual([])
  })

  it('OTLP: trace and metric requests carry none (span and event names, attributes, exception and status messages, tags)', async () => {
    const receiver = await http()
    const t = createTelemetry({ env: {} })
    const otlp = createOtlpExporter({
      telemetry: t,
      endpoint: receiver.url,
      protocol: 'http/json',
      env: {},
      metricsInterval: 0,
    })
    t.addSpanProcessor(otlp.spanProcessor)
    plantInSpans(t)
    plantInMetrics(t)
    await otlp.shutdown()
    expect(receiver.requests.map((r) => r.path).sort()).toEqual(['/v1/metrics', '/v1/traces'])
    expect(leaked(bodies(receiver))).toEqual([])
  })

  it('StatsD: datagrams from snapshots and from direct calls carry none', async () => {
    const receiver = await udp()
    const t = createTelemetry({ env: {} })
    plantInMetrics(t)
    const statsd = createStatsdExporter({
      telemetry: t,
      host: '127.0.0.1',
      port: receiver.port,
      flushInterval: 0,
      env: {},
    })
    for (const secret of PLANTED_SECRETS) {
      const [key, value] = planted(secret)
      statsd.increment('direct.calls', 1, { [key]: value })
    }
    await statsd.shutdown()
    await receiver.waitFor((text) => text.includes('direct.calls') && text.includes('planted.requests'))
    const text = receiver.datagrams.map((d) => d.toString('utf8')).join('\n')
    expect(text).toContain('direct.calls')
    expect(leaked(text)).toEqual([])
  })

  it('CloudWatch EMF: lines from snapshots and from put() carry none', async () => {
    const out = capture()
    const t = createTelemetry({ env: {} })
    plantInMetrics(t)
    const emf = createEmfExporter({ telemetry: t, stream: out.stream, interval: 0, env: {} })
    for (const secret of PLANTED_SECRETS) {
      const [key, value] = planted(secret)
      emf.put('direct.values', 1, { dimensions: { [key]: String(value) } })
    }
    await emf.shutdown()
    expect(out.text()).toContain('direct.values')
    expect(leaked(out.text())).toEqual([])
  })

  it.each([
    {
      name: 'Datadog: series requests',
      sent: 'planted.requests',
      start: (telemetry: TelemetryInstance, url: string) =>
        createDatadogExporter({
          telemetry,
          apiKey: 'test-key',
          url: `${url}/api/v1/series`,
          compress: false,
          interval: 0,
          env: {},
        }),
    },
    {
      name: 'InfluxDB: line-protocol writes',
      sent: 'planted',
      start: (telemetry: TelemetryInstance, url: string) =>
        createInfluxExporter({ telemetry, url, bucket: 'b', org: 'o', interval: 0, env: {} }),
    },
  ])('$name carry none', async ({ sent, start }) => {
    const receiver = await http()
    const t = createTelemetry({ env: {} })
    plantInMetrics(t)
    await start(t, receiver.url).shutdown()
    const text = bodies(receiver)
    expect(text).toContain(sent)
    expect(leaked(text)).toEqual([])
  })

  it('JSON lines: events, spans and metrics carry none', async () => {
    const out = capture()
    const t = createTelemetry({ env: {} })
    const jsonl = createJsonlExporter({ telemetry: t, stream: out.stream })
    t.addSpanProcessor(jsonl.spanProcessor)
    plantInEvents(t)
    plantInSpans(t)
    plantInMetrics(t)
    await jsonl.exportMetrics()
    await jsonl.shutdown()
    expect(out.text()).toContain('"type":"span"')
    expect(leaked(out.text())).toEqual([])
  })

  it('error reports: onError and telemetry.* events carry none', () => {
    const reports: string[] = []
    const t = createTelemetry({
      env: {},
      onError: (e: TelemetryError) => reports.push(JSON.stringify([e.message, e.details])),
    })
    for (const secret of PLANTED_SECRETS.filter((s) => s.key === undefined)) {
      t.recordMetric(secret.text, Number.NaN)
      t.metrics.counter(`c ${secret.text}`).add(-1)
      t.attach(`h ${secret.text}`, 'boom', () => {
        throw new Error(`handler saw ${secret.text}`)
      })
    }
    t.execute('boom', {}, {})
    expect(reports.length).toBeGreaterThan(12)
    expect(leaked(reports.join('\n'))).toEqual([])
  })
})
