/**
 * Reading an OTLP export response's `partial_success` (protobuf or JSON): how many items the
 * receiver rejected, and why. Partial success is final: it is reported, never retried.
 */
import { PartialSuccessField, WireType } from './otlpFields.ts'

/** Rejected items and the receiver's message. */
export interface PartialSuccess {
  rejected: number
  message: string
}

/** Parse a response body. Undefined when there is no partial success or the body is unreadable. */
export function parsePartialSuccess(body: Uint8Array, json: boolean): PartialSuccess | undefined {
  if (body.byteLength === 0) return undefined
  try {
    return json ? fromJson(body) : fromProto(body)
  } catch {
    return undefined
  }
}

function fromJson(body: Uint8Array): PartialSuccess | undefined {
  const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as {
    partialSuccess?: Record<string, unknown>
  }
  const partial = parsed.partialSuccess
  if (!partial || typeof partial !== 'object') return undefined
  const rejected = Number(
    partial.rejectedSpans ?? partial.rejectedDataPoints ?? partial.rejectedLogRecords ?? 0,
  )
  const message = typeof partial.errorMessage === 'string' ? partial.errorMessage : ''
  if (!(rejected > 0) && !message) return undefined
  return { rejected: Math.max(0, rejected), message }
}

/** `Export*ServiceResponse { Export*PartialSuccess partial_success = 1 { int64 rejected = 1; string error_message = 2 } }` */
function fromProto(body: Uint8Array): PartialSuccess | undefined {
  const reader = new Reader(body)
  while (reader.more()) {
    const tag = reader.varint()
    if (tag >>> 3 === PartialSuccessField.partialSuccess && (tag & 7) === WireType.lengthDelimited) {
      const inner = new Reader(reader.bytes())
      let rejected = 0
      let message = ''
      while (inner.more()) {
        const innerTag = inner.varint()
        if (innerTag >>> 3 === PartialSuccessField.rejected && (innerTag & 7) === WireType.varint)
          rejected = inner.varint()
        else if (
          innerTag >>> 3 === PartialSuccessField.errorMessage &&
          (innerTag & 7) === WireType.lengthDelimited
        )
          message = Buffer.from(inner.bytes()).toString('utf8')
        else inner.skip(innerTag & 7)
      }
      if (!(rejected > 0) && !message) return undefined
      return { rejected, message }
    }
    reader.skip(tag & 7)
  }
  return undefined
}

class Reader {
  private pos = 0
  private readonly buf: Uint8Array
  constructor(buf: Uint8Array) {
    this.buf = buf
  }
  more(): boolean {
    return this.pos < this.buf.byteLength
  }
  varint(): number {
    let result = 0
    let multiplier = 1
    for (let i = 0; i < 10; i++) {
      const byte = this.buf[this.pos++]
      if (byte === undefined) throw new RangeError('truncated varint')
      result += (byte & 0x7f) * multiplier
      if (byte < 0x80) return result
      multiplier *= 128
    }
    throw new RangeError('varint too long')
  }
  bytes(): Uint8Array {
    const length = this.varint()
    if (this.pos + length > this.buf.byteLength) throw new RangeError('truncated field')
    const out = this.buf.subarray(this.pos, this.pos + length)
    this.pos += length
    return out
  }
  skip(wireType: number): void {
    if (wireType === WireType.varint) this.varint()
    else if (wireType === WireType.fixed64) this.pos += 8
    else if (wireType === WireType.lengthDelimited) this.bytes()
    else if (wireType === WireType.fixed32) this.pos += 4
    else throw new RangeError(`unsupported wire type ${wireType}`)
  }
}
