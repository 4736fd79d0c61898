import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api'
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace'
import { describe, expect, it } from 'vitest'
import { encodeTracesJson, encodeTracesProto } from '../src/otlp/traceEncoding.ts'
import { type Decoded, decodeOtlp, fromSdkSpan, withoutDefaults } from './otlpProtoSupport.ts'

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0)

async function sdkSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter()
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] })
  const tracer = provider.getTracer('cross-check', '1.2.3')
  const other = provider.getTracer('second-scope')
  const root = tracer.startSpan('agent.run', {
    kind: SpanKind.SERVER,
    startTime: T0 + 0.25,
    attributes: { 'agent.id': 'a-1', retries: 3, ratio: 0.75, ok: true, negative: -42, tags: ['x', 'ü'] },
  })
  const child = tracer.startSpan(
    'llm.call',
    {
      kind: SpanKind.CLIENT,
      startTime: T0 + 1.5,
      links: [{ context: root.spanContext(), attributes: { reason: 'follows' } }],
    },
    trace.setSpan(ROOT_CONTEXT, root),
  )
  child.addEvent('token', { count: 12 }, T0 + 2.125)
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' })
  child.end(T0 + 10.5)
  for (const kind of [SpanKind.INTERNAL, SpanKind.PRODUCER, SpanKind.CONSUMER]) {
    other.startSpan(`kind.${kind}`, { kind, startTime: T0 }).end(T0 + 1)
  }
  root.setStatus({ code: SpanStatusCode.OK })
  root.end(T0 + 20)
  await provider.forceFlush()
  return exporter.getFinishedSpans()
}

const maskFlags = (decoded: Decoded) => {
  for (const rs of decoded.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) span.flags &= 0xff
    }
  }
  return decoded
}

describe('OTLP trace encoding against OpenTelemetry JS (otlp-transformer)', () => {
  it('protobuf decodes with the official protos and equals ProtobufTraceSerializer field by field', async () => {
    const spans = await sdkSpans()
    expect(spans.length).toBe(5)
    const ours = decodeOtlp(
      'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
      encodeTracesProto(spans.map(fromSdkSpan)),
    )
    const theirs = decodeOtlp(
      'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
      ProtobufTraceSerializer.serializeRequest(spans) as Uint8Array,
    )
    // Core does not record whether a span's parent was remote, so OTLP's HAS_IS_REMOTE bit is left unset.
    expect(maskFlags(ours)).toEqual(maskFlags(theirs))
    const child = ours.resourceSpans[0].scopeSpans[0].spans.find((s: Decoded) => s.name === 'llm.call')
    expect(child.kind).toBe(3)
    expect(child.status).toEqual({ code: SpanStatusCode.ERROR, message: 'rate limited' })
    expect(child.startTimeUnixNano).toBe(String(BigInt(T0) * 1_000_000n + 1_500_000n))
    expect(child.events[0].attributes[0]).toMatchObject({ key: 'count', value: { intValue: '12' } })
  })

  it('OTLP/JSON equals JsonTraceSerializer after proto3 defaults, with ids as lower-case hex', async () => {
    const spans = await sdkSpans()
    const ours = JSON.parse(Buffer.from(encodeTracesJson(spans.map(fromSdkSpan))).toString('utf8'))
    const theirs = JSON.parse(
      Buffer.from(JsonTraceSerializer.serializeRequest(spans) as Uint8Array).toString('utf8'),
    )
    const normalize = (value: Decoded): Decoded =>
      JSON.parse(
        JSON.stringify(withoutDefaults(value), (key, item) => {
          if (key === 'flags') return item & 0xff
          if (key === 'intValue') return String(item)
          return item
        }),
      )
    expect(normalize(ours)).toEqual(normalize(theirs))
    const span = ours.resourceSpans[0].scopeSpans[0].spans[0]
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/)
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/)
    expect(typeof span.startTimeUnixNano).toBe('string')
    expect(typeof span.kind).toBe('number')
  })
})
