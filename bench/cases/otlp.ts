/**
 * OTLP protobuf encoding of the same 512 spans: ours from our `ReadableSpan` shape vs
 * `@opentelemetry/otlp-transformer`'s `ProtobufTraceSerializer`. The spans are built once with the
 * OTel SDK (64 traces of a root and 7 children, attributes, an event on every other span, some
 * errors) and converted to our shape, so both encoders see the same data.
 */

import type { Attributes, ReadableSpan, SpanKind, SpanStatusCode } from '@foundation-telemetry/core'
import { type HrTime, SpanStatusCode as OtelStatus, ROOT_CONTEXT, trace } from '@opentelemetry/api'
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer'
import {
  InMemorySpanExporter,
  type ReadableSpan as OtelReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace'
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { importFunction } from '../ours.ts'

const SPANS = 512
const CHILDREN = 7

/** Builds {@link SPANS} finished spans with the OTel SDK. */
export function buildOtelSpans(): OtelReadableSpan[] {
  const exporter = new InMemorySpanExporter()
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] })
  const tracer = provider.getTracer('bench.otlp', '1.0.0')
  const base = Date.now()
  for (let traceIndex = 0; exporter.getFinishedSpans().length < SPANS; traceIndex++) {
    const root = tracer.startSpan('agent.run', {
      startTime: base + traceIndex,
      attributes: { 'agent.id': `agent_${traceIndex % 16}`, 'run.attempt': traceIndex % 3, 'run.dry': false },
    })
    const parent = root.spanContext()
    const parentContext = trace.setSpan(ROOT_CONTEXT, root)
    for (let child = 0; child < CHILDREN; child++) {
      const span = tracer.startSpan(
        `agent.step.${child}`,
        {
          kind: child % 2 === 0 ? 0 : 2,
          startTime: base + traceIndex + child * 0.25,
          attributes: {
            'agent.id': `agent_${traceIndex % 16}`,
            'step.index': child,
            'llm.model': child % 3 === 0 ? 'gpt-4o-mini' : 'claude-3-haiku',
            'llm.tokens': [120 + child, 48 + traceIndex],
          },
        },
        parentContext,
      )
      if (child % 2 === 0)
        span.addEvent('tool.call', { 'tool.name': 'search', 'tool.ok': true }, base + traceIndex)
      if (child === CHILDREN - 1 && traceIndex % 4 === 0)
        span.setStatus({ code: OtelStatus.ERROR, message: 'timeout' })
      span.end(base + traceIndex + child * 0.25 + 0.2)
      if (span.spanContext().traceId !== parent.traceId) throw new Error('child did not join the trace')
    }
    root.end(base + traceIndex + 2)
  }
  return exporter.getFinishedSpans().slice(0, SPANS)
}

function hrToMs(time: HrTime): number {
  return time[0] * 1e3 + time[1] / 1e6
}

/**
 * Converts OTel SDK spans to our {@link ReadableSpan}. Spans share one resource object and one scope
 * object per OTel original, as the spans of one core instance do.
 */
export function toOurSpans(spans: readonly OtelReadableSpan[]): ReadableSpan[] {
  const resources = new Map<object, Attributes>()
  const scopes = new Map<object, ReadableSpan['instrumentationScope']>()
  return spans.map((span) => {
    let resource = resources.get(span.resource)
    if (!resource) {
      resource = { ...span.resource.attributes } as Attributes
      resources.set(span.resource, resource)
    }
    let scope = scopes.get(span.instrumentationScope)
    if (!scope) {
      const { name, version } = span.instrumentationScope
      scope = { name, ...(version === undefined ? {} : { version }) }
      scopes.set(span.instrumentationScope, scope)
    }
    return toOurSpan(span, resource, scope)
  })
}

function toOurSpan(
  span: OtelReadableSpan,
  resource: Attributes,
  scope: ReadableSpan['instrumentationScope'],
): ReadableSpan {
  const context = span.spanContext()
  const startTime = hrToMs(span.startTime)
  const endTime = hrToMs(span.endTime)
  const parent = span.parentSpanContext?.spanId
  return {
    name: span.name,
    kind: span.kind as SpanKind,
    spanContext: { traceId: context.traceId, spanId: context.spanId, traceFlags: context.traceFlags },
    ...(parent === undefined ? {} : { parentSpanId: parent }),
    startTime,
    endTime,
    duration: endTime - startTime,
    attributes: span.attributes as Attributes,
    events: span.events.map((event) => ({
      name: event.name,
      time: hrToMs(event.time),
      attributes: (event.attributes ?? {}) as Attributes,
    })),
    links: [],
    status: {
      code: span.status.code as SpanStatusCode,
      ...(span.status.message === undefined ? {} : { message: span.status.message }),
    },
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  }
}

/** `otlp.encode.512_spans`. */
export const otlpEncode512Spans: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.5 },
  peer: '@opentelemetry/otlp-transformer ProtobufTraceSerializer',
  description: 'OTLP/protobuf ExportTraceServiceRequest of 512 spans (one resource, one scope), per request',
  ours: async () => {
    const encodeTracesProto = await importFunction<
      typeof import('@foundation-telemetry/exporters/otlp').encodeTracesProto
    >('@foundation-telemetry/exporters/otlp', 'encodeTracesProto')
    const otelSpans = buildOtelSpans()
    const spans = toOurSpans(otelSpans)
    const reference = ProtobufTraceSerializer.serializeRequest(otelSpans)?.byteLength ?? 0
    let last = 0
    return {
      kind: 'ns',
      run: () => {
        const bytes = encodeTracesProto(spans)
        last = bytes.byteLength
        return bytes
      },
      // Not byte-identical (field order, timestamps rounded through ms), but the same content.
      verify: () =>
        Math.abs(last - reference) <= 0.25 * reference
          ? undefined
          : `our request is ${last} bytes, OTel's ${reference}: not the same content`,
    }
  },
  peerSide: async (): Promise<Prepared> => {
    const spans = buildOtelSpans()
    let last = 0
    return {
      kind: 'ns',
      run: () => {
        const bytes = ProtobufTraceSerializer.serializeRequest(spans)
        last = bytes?.byteLength ?? 0
        return bytes
      },
      verify: () => (last > SPANS * 50 ? undefined : `OTel produced only ${last} bytes for ${SPANS} spans`),
    }
  },
}
