/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): parsing and formatting of the
 * `traceparent` and `tracestate` headers, and reading/writing them on any carrier.
 * Parsing is strict and never throws: anything malformed gives `undefined`.
 */
import { isValidSpanId, isValidTraceId } from './ids.ts'
import { TRACE_FLAGS_MASK } from './spanContext.ts'
import { readTracestate } from './tracestate.ts'
import type { Carrier, SpanContext } from './types.ts'

export { parseTracestate } from './tracestate.ts'

const TRACEPARENT = 'traceparent'
const TRACESTATE = 'tracestate'
const VERSION_00 = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/
// A later version keeps the version-00 prefix and may append fields after a dash.
const VERSION_ANY = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/

/** Parse a `traceparent` header value. Returns `undefined` when it is not valid. */
export function parseTraceparent(value: unknown): SpanContext | undefined {
  if (typeof value !== 'string' || value.length < 55 || value.length > 512) return undefined
  let match = VERSION_00.exec(value)
  if (match === null) {
    if (value.startsWith('00') || value.startsWith('ff')) return undefined
    match = VERSION_ANY.exec(value)
    if (match === null) return undefined
  }
  const traceId = match.at(-3) as string
  const spanId = match.at(-2) as string
  const flags = match.at(-1) as string
  if (!isValidTraceId(traceId) || !isValidSpanId(spanId)) return undefined
  return { traceId, spanId, traceFlags: Number.parseInt(flags, 16), isRemote: true }
}

/** Trace flags as the two lower-case hex digits of `traceparent` (and of log records' `trace_flags`). */
export function formatTraceFlags(flags: number): string {
  return (flags & TRACE_FLAGS_MASK).toString(16).padStart(2, '0')
}

/** Format a span context as a version-00 `traceparent` value. */
export function formatTraceparent(context: SpanContext): string {
  try {
    return `00-${context.traceId}-${context.spanId}-${formatTraceFlags(context.traceFlags)}`
  } catch {
    // Not a span context (or one whose fields throw): the all-zero header, which receivers reject.
    return '00-00000000000000000000000000000000-0000000000000000-00'
  }
}

type GetterCarrier = { get(name: string): string | null | undefined }
type SetterCarrier = { set(name: string, value: string): void }

function hasGet(carrier: object): carrier is GetterCarrier {
  return typeof (carrier as Partial<GetterCarrier>).get === 'function'
}

/**
 * Read a header from a carrier: `Headers`, anything with `get(name)`, or a plain object with any
 * header case. Returns a string, an array (repeated header), or `undefined`.
 */
export function readHeader(carrier: Carrier, name: string): string | string[] | undefined {
  if (hasGet(carrier)) {
    const value = carrier.get(name)
    return typeof value === 'string' ? value : undefined
  }
  const record = carrier as Record<string, unknown>
  let value = record[name]
  if (value === undefined) {
    for (const key in record) {
      if (key.length === name.length && key.toLowerCase() === name) {
        value = record[key]
        break
      }
    }
  }
  if (typeof value === 'string') return value
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[]
  return undefined
}

/** Write a header on a carrier: `Headers`/`Map` through `set`, else as a plain property. */
export function writeHeader(carrier: Carrier, name: string, value: string): void {
  if (typeof (carrier as Partial<SetterCarrier>).set === 'function') {
    ;(carrier as SetterCarrier).set(name, value)
  } else {
    ;(carrier as Record<string, string>)[name] = value
  }
}

/**
 * The outcome of {@link extractContext}: a context, nothing to extract, or a malformed header
 * (a `tracestate` with malformed members still gives the context, with the valid members).
 */
export type ExtractResult =
  | { context: SpanContext; invalid?: string | undefined }
  | { context?: undefined; invalid?: undefined }
  | { context?: undefined; invalid: string }

/** Extract a remote span context from a carrier; never throws. */
export function extractContext(carrier: unknown): ExtractResult {
  if (typeof carrier !== 'object' || carrier === null) return { invalid: 'carrier is not an object' }
  let header: string | string[] | undefined
  let state: string | string[] | undefined
  try {
    header = readHeader(carrier as Carrier, TRACEPARENT)
    if (header === undefined) return {}
    state = readHeader(carrier as Carrier, TRACESTATE)
  } catch {
    return { invalid: 'carrier could not be read' }
  }
  if (Array.isArray(header)) {
    if (header.length !== 1) return { invalid: 'several traceparent headers' }
    header = header[0] as string
  }
  const context = parseTraceparent(header)
  if (context === undefined) return { invalid: `malformed traceparent: ${header.slice(0, 64)}` }
  if (state !== undefined) {
    const raw = Array.isArray(state) ? state.join(',') : state
    const reading = readTracestate(raw)
    if (reading.value !== undefined) context.traceState = reading.value
    // The trace continues with the valid members, but the sender should hear about the bad ones.
    if (reading.invalid > 0) {
      return { context, invalid: `malformed tracestate (${reading.invalid} dropped): ${raw.slice(0, 64)}` }
    }
  }
  return { context }
}

/** Write `traceparent` and, when present, `tracestate` for `context` on the carrier. */
export function injectContext(carrier: Carrier, context: SpanContext): void {
  writeHeader(carrier, TRACEPARENT, formatTraceparent(context))
  if (context.traceState) writeHeader(carrier, TRACESTATE, context.traceState)
}
