import { randomFillSync } from 'node:crypto'
import { type SpanContext, TraceFlags } from './types.ts'

/**
 * Trace and span ids are cut from pooled randomness. `crypto.randomFillSync` costs about 2.5 µs
 * per call whatever the size up to a few KB, so it fills {@link RANDOM_BYTES} at a time; those
 * bytes are hex-encoded {@link CHUNK_BYTES} at a time, and each id is one slice of the current hex
 * chunk (no syscall, no encoding per id). Chunks stay small because V8 slices keep their parent
 * string alive as long as an id lives: a retained id holds 4 KB of hex, not the whole pool.
 * Measured on the bench VM: about 18 ns of refill per span (trace id and span id) instead of 41 ns
 * with one 2 KB pool encoded at once.
 */
const RANDOM_BYTES = 16384
const CHUNK_BYTES = 2048
const random = Buffer.allocUnsafe(RANDOM_BYTES)
/** Where the current chunk starts in `random` (the first `nextChunk` refills). */
let chunkStart = RANDOM_BYTES - CHUNK_BYTES
/** The current chunk, hex-encoded. */
let hex = ''
/** Bytes of the current chunk already used. */
let used = CHUNK_BYTES

/** Bytes of a root context: a 16-byte trace id and an 8-byte span id. */
const ROOT_BYTES = 24

const ZERO_TRACE_ID = '00000000000000000000000000000000'
const ZERO_SPAN_ID = '0000000000000000'

function nextChunk(): void {
  chunkStart += CHUNK_BYTES
  if (chunkStart >= RANDOM_BYTES) {
    randomFillSync(random)
    chunkStart = 0
  }
  hex = random.toString('hex', chunkStart, chunkStart + CHUNK_BYTES)
  used = 0
}

function allZero(start: number, bytes: number): boolean {
  for (let i = 0; i < bytes; i++) if (random[start + i] !== 0) return false
  return true
}

/** The next `bytes` random bytes as hex, or `''` when they are all zero (an invalid W3C id). */
function take(bytes: number): string {
  if (used + bytes > CHUNK_BYTES) nextChunk()
  const at = used
  used += bytes
  // Testing the first byte settles 255 ids in 256 without a loop.
  if (random[chunkStart + at] === 0 && allZero(chunkStart + at, bytes)) return ''
  return hex.slice(at * 2, (at + bytes) * 2)
}

/** A new W3C trace id: 32 lower-case hex characters, never all zero. */
export function newTraceId(): string {
  let id = take(16)
  while (id === '') id = take(16)
  return id
}

/** A new W3C span id: 16 lower-case hex characters, never all zero. */
export function newSpanId(): string {
  let id = take(8)
  while (id === '') id = take(8)
  return id
}

/**
 * A new sampled root context: a trace id and a span id cut from one 24-byte run of the pool (one
 * bounds check and one zero test for both), the same bytes `newTraceId()` then `newSpanId()` take.
 */
export function newRootContext(): SpanContext {
  if (used + ROOT_BYTES > CHUNK_BYTES) nextChunk()
  const at = used
  const start = chunkStart + at
  if ((random[start] === 0 && allZero(start, 16)) || (random[start + 16] === 0 && allZero(start + 16, 8))) {
    // Rare (about 1 in 128): the separate functions skip the zero bytes.
    return { traceId: newTraceId(), spanId: newSpanId(), traceFlags: TraceFlags.SAMPLED }
  }
  used += ROOT_BYTES
  return {
    traceId: hex.slice(at * 2, at * 2 + 32),
    spanId: hex.slice(at * 2 + 32, at * 2 + 48),
    traceFlags: TraceFlags.SAMPLED,
  }
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
