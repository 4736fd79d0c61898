/**
 * Spans as an OTLP `ExportTraceServiceRequest`, in protobuf (our writer) or OTLP/JSON.
 */
import { type ReadableSpan, SpanStatusCode } from '@foundation-telemetry/core'
import {
  type JsonExportRequest,
  type JsonKeyValue,
  jsonAttributes,
  msToNanos,
  scopedEncoders,
  toOtlpSpanKind,
  writeAttributes,
} from './common.ts'
import {
  OtlpSpanKind,
  ScopeGroupField,
  SpanEventField,
  SpanField,
  SpanLinkField,
  StatusField,
  W3C_TRACE_FLAGS,
} from './otlpFields.ts'
import type { ProtoSink } from './protobufWriter.ts'

/** OTLP span flags: whether `isRemote` is known, and its value. */
const HAS_IS_REMOTE = 0x100
const IS_REMOTE = 0x200

function writeSpan(sink: ProtoSink, span: ReadableSpan): void {
  const context = span.spanContext
  sink.begin(ScopeGroupField.items)
  sink.hexBytes(SpanField.traceId, context.traceId)
  sink.hexBytes(SpanField.spanId, context.spanId)
  if (context.traceState) sink.string(SpanField.traceState, context.traceState)
  if (span.parentSpanId) sink.hexBytes(SpanField.parentSpanId, span.parentSpanId)
  sink.string(SpanField.name, span.name)
  const kind = toOtlpSpanKind(span.kind)
  if (kind !== OtlpSpanKind.unspecified) sink.uint(SpanField.kind, kind)
  sink.timeNanos(SpanField.startTimeUnixNano, span.startTime)
  sink.timeNanos(SpanField.endTimeUnixNano, span.endTime)
  writeAttributes(sink, SpanField.attributes, span.attributes)
  if (span.droppedAttributesCount) sink.uint(SpanField.droppedAttributesCount, span.droppedAttributesCount)
  for (const event of span.events) {
    sink.begin(SpanField.events)
    sink.timeNanos(SpanEventField.timeUnixNano, event.time)
    sink.string(SpanEventField.name, event.name)
    writeAttributes(sink, SpanEventField.attributes, event.attributes)
    sink.end()
  }
  if (span.droppedEventsCount) sink.uint(SpanField.droppedEventsCount, span.droppedEventsCount)
  for (const link of span.links) {
    sink.begin(SpanField.links)
    sink.hexBytes(SpanLinkField.traceId, link.context.traceId)
    sink.hexBytes(SpanLinkField.spanId, link.context.spanId)
    if (link.context.traceState) sink.string(SpanLinkField.traceState, link.context.traceState)
    writeAttributes(sink, SpanLinkField.attributes, link.attributes)
    sink.fixed32(SpanLinkField.flags, linkFlags(link.context))
    sink.end()
  }
  if (span.droppedLinksCount) sink.uint(SpanField.droppedLinksCount, span.droppedLinksCount)
  sink.begin(SpanField.status)
  if (span.status.message) sink.string(StatusField.message, span.status.message)
  // UNSET (0) is the default and not written.
  if (span.status.code !== SpanStatusCode.UNSET) sink.uint(StatusField.code, span.status.code)
  sink.end()
  sink.fixed32(SpanField.flags, context.traceFlags & W3C_TRACE_FLAGS)
  sink.end()
}

function linkFlags(context: { traceFlags: number; isRemote?: boolean }): number {
  return (context.traceFlags & W3C_TRACE_FLAGS) | HAS_IS_REMOTE | (context.isRemote ? IS_REMOTE : 0)
}

/** OTLP/JSON span (the subset of fields we send). */
export interface JsonSpan {
  traceId: string
  spanId: string
  traceState?: string
  parentSpanId?: string
  flags: number
  name: string
  kind: number
  startTimeUnixNano: string
  endTimeUnixNano: string
  attributes: JsonKeyValue[]
  droppedAttributesCount: number
  events: Array<{ timeUnixNano: string; name: string; attributes: JsonKeyValue[] }>
  droppedEventsCount: number
  links: Array<{
    traceId: string
    spanId: string
    traceState?: string
    attributes: JsonKeyValue[]
    flags: number
  }>
  droppedLinksCount: number
  status: { code: number; message?: string }
}

const SPAN_MEMBERS = { resource: 'resourceSpans', scope: 'scopeSpans', items: 'spans' } as const

/** OTLP/JSON `ExportTraceServiceRequest`. */
export type JsonTraceRequest = JsonExportRequest<typeof SPAN_MEMBERS, JsonSpan>

function toJsonSpan(span: ReadableSpan): JsonSpan {
  const context = span.spanContext
  const out: JsonSpan = {
    traceId: context.traceId.toLowerCase(),
    spanId: context.spanId.toLowerCase(),
    flags: context.traceFlags & W3C_TRACE_FLAGS,
    name: span.name,
    kind: toOtlpSpanKind(span.kind),
    startTimeUnixNano: msToNanos(span.startTime).toString(),
    endTimeUnixNano: msToNanos(span.endTime).toString(),
    attributes: jsonAttributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.map((event) => ({
      timeUnixNano: msToNanos(event.time).toString(),
      name: event.name,
      attributes: jsonAttributes(event.attributes),
    })),
    droppedEventsCount: span.droppedEventsCount,
    links: span.links.map((link) => {
      const jsonLink: JsonSpan['links'][number] = {
        traceId: link.context.traceId.toLowerCase(),
        spanId: link.context.spanId.toLowerCase(),
        attributes: jsonAttributes(link.attributes),
        flags: linkFlags(link.context),
      }
      if (link.context.traceState) jsonLink.traceState = link.context.traceState
      return jsonLink
    }),
    droppedLinksCount: span.droppedLinksCount,
    status: span.status.message
      ? { code: span.status.code, message: span.status.message }
      : { code: span.status.code },
  }
  if (context.traceState) out.traceState = context.traceState
  if (span.parentSpanId) out.parentSpanId = span.parentSpanId.toLowerCase()
  return out
}

const traces = scopedEncoders(writeSpan, toJsonSpan, SPAN_MEMBERS)

/** Encode spans as a protobuf `ExportTraceServiceRequest`. Never throws. */
export const encodeTracesProto: (spans: readonly ReadableSpan[]) => Uint8Array = traces.proto

/**
 * Build the OTLP/JSON request: lower-case hex ids, integer enums, lowerCamelCase names and
 * 64-bit integers as decimal strings, as the OTLP specification's JSON mapping requires. Never throws.
 */
export const toJsonTraceRequest: (spans: readonly ReadableSpan[]) => JsonTraceRequest = traces.json

/** Encode spans as an OTLP/JSON request body. Never throws. */
export const encodeTracesJson: (spans: readonly ReadableSpan[]) => Uint8Array = traces.jsonBytes
