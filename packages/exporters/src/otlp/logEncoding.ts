/**
 * Log records as an OTLP `ExportLogsServiceRequest`, in protobuf (our writer) or OTLP/JSON. A
 * structured body becomes a key-value list (`kvlistValue`); values that are not attribute values
 * (nested objects) are written as JSON text.
 */
import type { LogRecord } from '@foundation-telemetry/core'
import {
  type JsonAnyValue,
  type JsonExportRequest,
  type JsonKeyValue,
  jsonAnyValue,
  jsonAttributes,
  msToNanos,
  type OtlpAttributes,
  type OtlpAttributeValue,
  scopedEncoders,
  writeAnyValue,
  writeAttributes,
} from './common.ts'
import {
  AnyValueField,
  LogRecordField,
  ScopeGroupField,
  ValueListField,
  W3C_TRACE_FLAGS,
} from './otlpFields.ts'
import type { ProtoSink } from './protobufWriter.ts'

function isAttributeValue(value: unknown): value is OtlpAttributeValue {
  const type = typeof value
  if (type === 'string' || type === 'boolean' || type === 'number') return true
  if (!Array.isArray(value) || value.length === 0) return Array.isArray(value)
  const first = typeof value[0]
  return (
    (first === 'string' || first === 'number' || first === 'boolean') &&
    value.every((v) => typeof v === first)
  )
}

function text(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** A structured body as flat key-values: attribute values as they are, anything else as JSON text. */
function bodyEntries(body: Readonly<Record<string, unknown>>): OtlpAttributes {
  const out: Record<string, OtlpAttributeValue> = {}
  for (const key of Object.keys(body)) {
    const value = body[key]
    if (value === undefined) continue
    out[key] = isAttributeValue(value) ? value : text(value)
  }
  return out
}

function writeLogRecord(sink: ProtoSink, record: LogRecord): void {
  sink.begin(ScopeGroupField.items)
  sink.timeNanos(LogRecordField.timeUnixNano, record.time)
  if (record.severityNumber) sink.uint(LogRecordField.severityNumber, record.severityNumber)
  if (record.severityText) sink.string(LogRecordField.severityText, record.severityText)
  sink.begin(LogRecordField.body)
  const body = record.body
  if (isAttributeValue(body)) writeAnyValue(sink, body)
  else {
    sink.begin(AnyValueField.kvlistValue)
    writeAttributes(sink, ValueListField.values, bodyEntries(body as Readonly<Record<string, unknown>>))
    sink.end()
  }
  sink.end()
  writeAttributes(sink, LogRecordField.attributes, record.attributes)
  if (record.traceFlags !== undefined) sink.fixed32(LogRecordField.flags, record.traceFlags & W3C_TRACE_FLAGS)
  if (record.traceId) sink.hexBytes(LogRecordField.traceId, record.traceId)
  if (record.spanId) sink.hexBytes(LogRecordField.spanId, record.spanId)
  sink.timeNanos(LogRecordField.observedTimeUnixNano, record.observedTime)
  sink.end()
}

/** OTLP/JSON log record (the fields we send). */
export interface JsonLogRecord {
  timeUnixNano: string
  observedTimeUnixNano: string
  severityNumber: number
  severityText: string
  body: JsonAnyValue | { kvlistValue: { values: JsonKeyValue[] } }
  attributes: JsonKeyValue[]
  flags?: number
  traceId?: string
  spanId?: string
}

const LOG_MEMBERS = { resource: 'resourceLogs', scope: 'scopeLogs', items: 'logRecords' } as const

/** OTLP/JSON `ExportLogsServiceRequest`. */
export type JsonLogsRequest = JsonExportRequest<typeof LOG_MEMBERS, JsonLogRecord>

function toJsonLogRecord(record: LogRecord): JsonLogRecord {
  const body = record.body
  const out: JsonLogRecord = {
    timeUnixNano: msToNanos(record.time).toString(),
    observedTimeUnixNano: msToNanos(record.observedTime).toString(),
    severityNumber: record.severityNumber,
    severityText: record.severityText,
    body: isAttributeValue(body)
      ? jsonAnyValue(body)
      : { kvlistValue: { values: jsonAttributes(bodyEntries(body as Readonly<Record<string, unknown>>)) } },
    attributes: jsonAttributes(record.attributes),
  }
  if (record.traceFlags !== undefined) out.flags = record.traceFlags & W3C_TRACE_FLAGS
  if (record.traceId) out.traceId = record.traceId.toLowerCase()
  if (record.spanId) out.spanId = record.spanId.toLowerCase()
  return out
}

const logs = scopedEncoders(writeLogRecord, toJsonLogRecord, LOG_MEMBERS)

/** Encode log records as a protobuf `ExportLogsServiceRequest`. Never throws. */
export const encodeLogsProto: (records: readonly LogRecord[]) => Uint8Array = logs.proto

/** Build the OTLP/JSON logs request. Never throws. */
export const toJsonLogsRequest: (records: readonly LogRecord[]) => JsonLogsRequest = logs.json

/** Encode log records as an OTLP/JSON request body. Never throws. */
export const encodeLogsJson: (records: readonly LogRecord[]) => Uint8Array = logs.jsonBytes
