import { randomFillSync } from 'node:crypto'

/**
 * Trace and span ids come from a pooled buffer refilled by `crypto.randomFillSync` in blocks,
 * so a new id costs a slice of hex encoding instead of a syscall.
 */
const POOL_SIZE = 4096
const pool = Buffer.allocUnsafe(POOL_SIZE)
let offset = POOL_SIZE

const ZERO_TRACE_ID = '00000000000000000000000000000000'
const ZERO_SPAN_ID = '0000000000000000'

function take(bytes: number): string {
  if (offset + bytes > POOL_SIZE) {
    randomFillSync(pool)
    offset = 0
  }
  const hex = pool.toString('hex', offset, offset + bytes)
  offset += bytes
  return hex
}

/** A new W3C trace id: 32 lower-case hex characters, never all zero. */
export function newTraceId(): string {
  let id = take(16)
  while (id === ZERO_TRACE_ID) id = take(16)
  return id
}

/** A new W3C span id: 16 lower-case hex characters, never all zero. */
export function newSpanId(): string {
  let id = take(8)
  while (id === ZERO_SPAN_ID) id = take(8)
  return id
}

const TRACE_ID_RE = /^[0-9a-f]{32}$/
const SPAN_ID_RE = /^[0-9a-f]{16}$/

/** Whether `id` is a valid W3C trace id (lower-case hex, 16 bytes, not all zero). */
export function isValidTraceId(id: unknown): id is string {
  return typeof id === 'string' && TRACE_ID_RE.test(id) && id !== ZERO_TRACE_ID
}

/** Whether `id` is a valid W3C span id (lower-case hex, 8 bytes, not all zero). */
export function isValidSpanId(id: unknown): id is string {
  return typeof id === 'string' && SPAN_ID_RE.test(id) && id !== ZERO_SPAN_ID
}
