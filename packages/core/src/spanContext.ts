import { isValidSpanId, isValidTraceId } from './ids.ts'
import { type SpanContext, TraceFlags } from './types.ts'

/** W3C trace flags are one byte: bits above it are dropped. */
export const TRACE_FLAGS_MASK = 0xff

/** Whether `context` carries the W3C `sampled` flag: its span is recorded and exported. */
export function isSampled(context: SpanContext): boolean {
  // An exported predicate never throws: a missing or unreadable context (a throwing getter, a
  // revoked proxy) is not sampled.
  try {
    return ((context?.traceFlags ?? 0) & TraceFlags.SAMPLED) === TraceFlags.SAMPLED
  } catch {
    return false
  }
}

/** A valid span context (valid ids, numeric flags), or `undefined`. */
export function validSpanContext(value: unknown): SpanContext | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const c = value as SpanContext
  if (!isValidTraceId(c.traceId) || !isValidSpanId(c.spanId)) return undefined
  if (typeof c.traceFlags !== 'number' || !Number.isInteger(c.traceFlags)) return undefined
  return c
}
