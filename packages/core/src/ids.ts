import { randomFillSync } from 'node:crypto'

/**
 * Trace and span ids are cut from a pooled hex string: `crypto.randomFillSync` fills a buffer in
 * blocks and the block is hex-encoded once, so a new id costs one string slice instead of a
 * syscall and an encoding. The block is small (2 KB of randomness) because V8 slices keep their
 * parent string alive as long as an id lives.
 */
const POOL_BYTES = 2048
const pool = Buffer.allocUnsafe(POOL_BYTES)
let hex = ''
let offset = 0

const ZERO_TRACE_ID = '00000000000000000000000000000000'
const ZERO_SPAN_ID = '0000000000000000'

function take(bytes: number): string {
  const chars = bytes * 2
  if (offset + chars > hex.length) {
    randomFillSync(pool)
    hex = pool.toString('hex')
    offset = 0
  }
  const id = hex.slice(offset, offset + chars)
  offset += chars
  return id
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
