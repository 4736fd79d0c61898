/**
 * What the log bridges use of a telemetry instance, and the one place a bridge's record becomes
 * an OpenTelemetry log record: attributes kept when they are attribute values, JSON text otherwise.
 */
import type { Attributes, AttributeValue, Telemetry } from '@foundation-telemetry/core'

/** The part of a telemetry instance the pino and winston bridges read. */
export type BridgeTelemetry = Pick<Telemetry, 'traceFields' | 'emitLog' | 'reportError'>

/** Options every log bridge takes. */
export interface LogBridgeOptions {
  /**
   * Also hand each record to the telemetry's log processors (e.g. the OTLP logs exporter), as
   * OpenTelemetry logs. Defaults to `false`: records only gain the trace fields.
   */
  emit?: boolean
}

/** Fields of a logging library's record that are not attributes of the OpenTelemetry record. */
const SKIPPED = new Set(['msg', 'message', 'level', 'time', 'timestamp', 'pid', 'hostname', 'v'])

function toAttribute(value: unknown): AttributeValue | undefined {
  const type = typeof value
  if (type === 'string' || type === 'number' || type === 'boolean') return value as AttributeValue
  if (value === undefined || value === null || type === 'function' || type === 'symbol') return undefined
  if (value instanceof Error) return `${value.name}: ${value.message}`
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}

/** A library record's fields as log attributes (message, level and time are not attributes). */
export function recordAttributes(fields: Readonly<Record<string, unknown>> | undefined): Attributes {
  const out: Attributes = {}
  if (fields === undefined || fields === null || typeof fields !== 'object') return out
  for (const key of Object.keys(fields)) {
    if (SKIPPED.has(key)) continue
    const value = toAttribute(fields[key])
    if (value !== undefined) out[key] = value
  }
  return out
}
