/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): parsing and formatting of the
 * `traceparent` and `tracestate` headers, and reading/writing them on any carrier.
 * Parsing is strict and never throws: anything malformed gives `undefined`.
 */
import { isValidSpanId, isValidTraceId } from './ids.ts'
import type { Carrier, SpanContext } from './types.ts'

const TRACEPARENT = 'traceparent'
const TRACESTATE = 'tracestate'
const VERSION_00 = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/
// A later version keeps the version-00 prefix and may append fields after a dash.
const VERSION_ANY = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/
const MAX_TRACESTATE_MEMBERS = 32
const MAX_TRACESTATE_LENGTH = 512
const TRACESTATE_KEY = /^(?:[a-z][a-z0-9_\-*/]{0,255}|[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13})$/
// printable ASCII except ',' and '=', the last one not a space
const TRACESTATE_VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/

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

function hex2(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0')
}

/** Format a span context as a version-00 `traceparent` value. */
export function formatTraceparent(context: SpanContext): string {
  try {
    return `00-${context.traceId}-${context.spanId}-${hex2(context.traceFlags)}`
  } catch {
    // Not a span context (or one whose fields throw): the all-zero header, which receivers reject.
    return '00-00000000000000000000000000000000-0000000000000000-00'
  }
}

/**
 * Validate and normalise a `tracestate` value: members trimmed, empty members dropped, at most
 * 32 members and 512 characters. Returns `undefined` for an empty or malformed value (the whole
 * header is then discarded, as the specification asks).
 */
export function parseTracestate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const members: string[] = []
  const seen = new Set<string>()
  let length = 0
  for (const raw of value.split(',')) {
    const member = raw.trim()
    if (member === '') continue
    const eq = member.indexOf('=')
    if (eq <= 0) return undefined
    const key = member.slice(0, eq)
    const val = member.slice(eq + 1)
    if (!TRACESTATE_KEY.test(key) || !TRACESTATE_VALUE.test(val) || seen.has(key)) return undefined
    if (members.length === MAX_TRACESTATE_MEMBERS) return undefined
    seen.add(key)
    members.push(member)
    length += member.length + (members.length > 1 ? 1 : 0)
  }
  if (members.length === 0) return undefined
  // Over-long state is truncated from the end, whole members at a time.
  while (length > MAX_TRACESTATE_LENGTH && members.length > 0) {
    const dropped = members.pop() as string
    length -= dropped.length + (members.length > 0 ? 1 : 0)
  }
  return members.length === 0 ? undefined : members.join(',')
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
 * (a malformed `tracestate` still gives the context, without its state).
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
    const traceState = parseTracestate(raw)
    if (traceState !== undefined) context.traceState = traceState
    // The trace continues without its state, but the sender should hear about the bad header.
    else if (raw.trim() !== '') return { context, invalid: `malformed tracestate: ${raw.slice(0, 64)}` }
  }
  return { context }
}

/** Write `traceparent` and, when present, `tracestate` for `context` on the carrier. */
export function injectContext(carrier: Carrier, context: SpanContext): void {
  writeHeader(carrier, TRACEPARENT, formatTraceparent(context))
  if (context.traceState) writeHeader(carrier, TRACESTATE, context.traceState)
}
