import { isValidSpanId, isValidTraceId } from './ids.ts'
import { type SpanContext, TraceFlags } from './types.ts'

/** W3C trace flags are one byte: bits above it are dropped. */
export const TRACE_FLAGS_MASK = 0xff

/** Whether `context` carries the W3C `sampled` flag: its span is recorded and exported. */
export function isSampled(context: SpanContext): boolean {
  // Optional chaining: an exported predicate answers `false` for a missing context, never throws.
  return ((context?.traceFlags ?? 0) & TraceFlags.SAMPLED) === TraceFlags.SAMPLED
}

/** A valid span context (valid ids, numeric flags), or `undefined`. */
export function validSpanContext(value: unknown): SpanContext | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const c = value as SpanContext
  if (!isValidTraceId(c.traceId) || !isValidSpanId(c.spanId)) return undefined
  if (typeof c.traceFlags !== 'number' || !Number.isInteger(c.traceFlags)) return undefined
  return c
}
