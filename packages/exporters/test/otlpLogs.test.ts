/**
 * OTLP logs: records from `t.log` reach `/v1/logs` batched, decoded by the official protos
 * (`ExportLogsServiceRequest`) with severity, body, attributes and the trace and span ids of the
 * span they were written in; OTLP/JSON carries the same; secrets in bodies and attributes are
 * redacted on the way out.
 */
import { createTelemetry } from '@foundation-telemetry/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOtlpExporter } from '../src/otlp.ts'
import { type Decoded, decodeOtlp } from './otlpProtoSupport.ts'
import { type Receiver, startReceiver } from './otlpSupport.ts'

const LOGS_REQUEST = 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest'
let receiver: Receiver

beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(async () => {
  await receiver.close()
})

function setup(protocol: 'http/protobuf' | 'http/json') {
  const t = createTelemetry({ service: 'logs-test' })
  const otlp = createOtlpExporter({
    telemetry: t,
    endpoint: receiver.url,
    protocol,
    signals: { traces: false, metrics: false },
    env: {},
  })
  t.addLogProcessor(otlp.logProcessor)
  return { t, otlp }
}

describe('OTLP logs exporter', () => {
  it('sends records to /v1/logs that the official protos decode, tied to their span', async () => {
    const { t, otlp } = setup('http/protobuf')
    let ids = { traceId: '', spanId: '' }
    await t.withCorrelationId('corr-1', () =>
      t.span('app.job', {}, (span) => {
        ids = span.spanContext()
        t.log('error', 'payment failed', { order: 'o-9', 'http.response.status_code': 502 })
      }),
    )
    t.emitLog({ severityNumber: 5, body: { msg: 'structured', nested: { a: 1 } }, scope: 'pino' })
    await otlp.forceFlush()
    const request = await receiver.next()
    expect(request.path).toBe('/v1/logs')
    expect(request.headers['content-type']).toBe('application/x-protobuf')
    const decoded = decodeOtlp(LOGS_REQUEST, request.body)
    const resource = decoded.resourceLogs[0]
    expect(resource.resource.attributes).toContainEqual(
      expect.objectContaining({
        key: 'service.name',
        value: expect.objectContaining({ stringValue: 'logs-test' }),
      }),
    )
    const scopes = resource.scopeLogs.map((s: Decoded) => s.scope.name)
    expect(scopes).toEqual(['@foundation-telemetry/core', 'pino'])
    const [record] = resource.scopeLogs[0].logRecords
    expect(record.severityNumber).toBe(17)
    expect(record.severityText).toBe('ERROR')
    expect(record.body.stringValue).toBe('payment failed')
    expect(Buffer.from(record.traceId, 'base64').toString('hex')).toBe(ids.traceId)
    expect(Buffer.from(record.spanId, 'base64').toString('hex')).toBe(ids.spanId)
    expect(record.flags).toBe(1)
    const attributes = Object.fromEntries(
      record.attributes.map((kv: Decoded) => [kv.key, kv.value.stringValue || kv.value.intValue]),
    )
    expect(attributes).toMatchObject({
      order: 'o-9',
      correlation_id: 'corr-1',
      'http.response.status_code': '502',
    })
    const structured = resource.scopeLogs[1].logRecords[0]
    expect(structured.severityNumber).toBe(5)
    const body = Object.fromEntries(
      structured.body.kvlistValue.values.map((kv: Decoded) => [kv.key, kv.value.stringValue]),
    )
    expect(body).toEqual({ msg: 'structured', nested: '{"a":1}' })
    await otlp.shutdown()
  })

  it('sends OTLP/JSON with lower-case hex ids when asked', async () => {
    const { t, otlp } = setup('http/json')
    t.span('app.job', {}, () => t.log('info', 'hello'))
    await otlp.forceFlush()
    const request = await receiver.next()
    const json = JSON.parse(request.body.toString())
    const record = json.resourceLogs[0].scopeLogs[0].logRecords[0]
    expect(record).toMatchObject({ severityNumber: 9, severityText: 'INFO', body: { stringValue: 'hello' } })
    expect(record.traceId).toMatch(/^[0-9a-f]{32}$/)
    expect(record.timeUnixNano).toMatch(/^\d+$/)
    await otlp.shutdown()
  })

  it('redacts secrets in bodies and attributes before they leave', async () => {
    const { t, otlp } = setup('http/json')
    t.log('warn', 'login by alice@example.com', { password: 'hunter2', card: '4111 1111 1111 1111' })
    await otlp.forceFlush()
    const body = (await receiver.next()).body.toString()
    expect(body).not.toContain('alice@example.com')
    expect(body).not.toContain('hunter2')
    expect(body).not.toContain('4111 1111 1111 1111')
    await otlp.shutdown()
  })
})
