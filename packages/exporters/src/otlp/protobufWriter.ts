/**
 * A small protobuf writer, in one pass: fields go straight into a growing buffer, and a nested
 * message gets one byte for its length up front. Most nested messages (attributes, values, status)
 * are shorter than 128 bytes, so that byte is right; a longer one moves its own bytes up by the
 * extra length bytes when it ends (one native copy). Every string is read once, not measured first.
 */ import { AnyValueField, KeyValueField, WireType } from './otlpFields.ts'

/** Where an encoder writes fields. Field numbers and wire types are the encoder's responsibility. */
export interface ProtoSink {
  /** Varint field for non-negative integers up to 2^53 (uint32, uint64, enum, bool). */
  uint(field: number, value: number): void
  /** Varint field for a signed int64 (negative values take 10 bytes, as protobuf requires). */
  int64(field: number, value: number): void
  fixed32(field: number, value: number): void
  /** `fixed64` from a non-negative bigint. */
  fixed64(field: number, value: bigint): void
  /** `fixed64` nanoseconds from epoch milliseconds (float), without going through bigint. */
  timeNanos(field: number, ms: number): void
  double(field: number, value: number): void
  string(field: number, value: string): void
  /** Bytes given as a hex string (trace and span ids). */
  hexBytes(field: number, hex: string): void
  packedDouble(field: number, values: readonly number[]): void
  /** Packed `fixed64` from non-negative integers below 2^53 (bucket counts). */
  packedFixed64(field: number, values: readonly number[]): void
  /**
   * One OTLP `KeyValue` with a scalar value (string, bool, int64 or double `AnyValue`) in `field`:
   * the same bytes as `begin(field)`, `string(1, key)`, `begin(2)`, the value, `end()`, `end()`,
   * without the nesting stack (attributes are most of a span's fields).
   */
  scalarAttribute(field: number, key: string, value: string | number | boolean): void
  /** Open a length-delimited nested message; close it with {@link ProtoSink.end}. */
  begin(field: number): void
  end(): void
}

// Wire types and the KeyValue/AnyValue field numbers, copied from their tables into module
// constants once: read through the imported tables on every field, a 512-span encode measured
// about 5% slower (in-process A/B against the literal numbers).
const VARINT = WireType.varint
const FIXED64 = WireType.fixed64
const LENGTH_DELIMITED = WireType.lengthDelimited
const FIXED32 = WireType.fixed32
const KEY = KeyValueField.key
const VALUE = KeyValueField.value
const STRING_VALUE = AnyValueField.stringValue
const BOOL_VALUE = AnyValueField.boolValue
const INT_VALUE = AnyValueField.intValue
const DOUBLE_VALUE = AnyValueField.doubleValue
const TWO_32 = 4294967296

/** Set on a {@link HEX_PAIR} entry whose two characters are not both hex digits. */
const INVALID_PAIR = 0x100
/**
 * The byte two hex characters spell, indexed by `(first << 7) | second` over ASCII codes, else
 * {@link INVALID_PAIR}: one lookup per id byte.
 */
const HEX_PAIR = (() => {
  const nibble = new Int8Array(128).fill(-1)
  for (let digit = 0; digit < 10; digit++) nibble[48 + digit] = digit
  for (let letter = 0; letter < 6; letter++) {
    nibble[65 + letter] = 10 + letter
    nibble[97 + letter] = 10 + letter
  }
  const table = new Uint16Array(128 * 128).fill(INVALID_PAIR)
  for (let first = 0; first < 128; first++) {
    const high = nibble[first] as number
    if (high < 0) continue
    for (let second = 0; second < 128; second++) {
      const low = nibble[second] as number
      if (low >= 0) table[(first << 7) | second] = (high << 4) | low
    }
  }
  return table
})()

function varintSize(value: number): number {
  if (value < 0x80) return 1
  if (value < 0x4000) return 2
  if (value < 0x200000) return 3
  if (value < 0x10000000) return 4
  let size = 4
  let rest = Math.floor(value / 0x10000000)
  while (rest > 0) {
    size++
    rest = Math.floor(rest / 128)
  }
  return size
}

/** UTF-8 length of short strings in JS (a native call costs more than the loop); long ones natively. */
function utf8Length(value: string): number {
  const length = value.length
  if (length > 64) return Buffer.byteLength(value, 'utf8')
  let bytes = 0
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
      const next = value.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

/**
 * Split epoch ms into the low and high 32 bits of epoch ns, exactly, in doubles: every
 * intermediate stays below 2^53. Matches `msToNanos` (whole ms, plus the fraction rounded to ns).
 */
export function nanosParts(ms: number): [low: number, high: number] {
  if (!Number.isFinite(ms) || ms <= 0) return [0, 0]
  const whole = Math.floor(ms)
  const fraction = Math.round((ms - whole) * 1e6)
  const wholeHigh = Math.floor(whole / 1048576)
  const wholeLow = whole - wholeHigh * 1048576
  const a = wholeHigh * 1e6
  const b = wholeLow * 1e6 + fraction
  const aHigh = Math.floor(a / 4096)
  const low = (a - aHigh * 4096) * 1048576 + b
  const carry = Math.floor(low / TWO_32)
  return [low - carry * TWO_32, aHigh + carry]
}

/** The scratch buffer kept between calls: reused up to this size, so memory stays bounded. */
const MAX_RETAINED = 4 * 1024 * 1024
let scratch: Buffer | undefined

/** Encode with `encoder` writing into one buffer; the result is a copy the caller owns. */
export function encodeProto(encoder: (sink: ProtoSink) => void): Uint8Array {
  const reused = scratch
  // Taken while in use, so an encode that fails midway leaves no half-written state behind.
  scratch = undefined
  const writer = new WriteSink(reused ?? Buffer.allocUnsafe(64 * 1024))
  encoder(writer)
  const out = writer.finish()
  if (writer.buffer.length <= MAX_RETAINED) scratch = writer.buffer
  return out
}

/** Writes `value` as a varint at `pos` (room already ensured); returns the position after it. */
function putVarint(buffer: Buffer, pos: number, value: number): number {
  if (value < 0x80) {
    buffer[pos] = value
    return pos + 1
  }
  while (value >= TWO_32) {
    buffer[pos++] = (value % 128) | 0x80
    value = Math.floor(value / 128)
  }
  let low = value >>> 0
  while (low >= 0x80) {
    buffer[pos++] = (low & 0x7f) | 0x80
    low >>>= 7
  }
  buffer[pos++] = low
  return pos
}

/** Room for a tag and a length or scalar varint. */
const HEADROOM = 24

class WriteSink implements ProtoSink {
  buffer: Buffer
  private pos = 0
  /** Where each open nested message's length byte is. */
  private readonly starts: number[] = []

  constructor(buffer: Buffer) {
    this.buffer = buffer
  }
  finish(): Uint8Array {
    const out = Buffer.allocUnsafe(this.pos)
    this.buffer.copy(out, 0, 0, this.pos)
    return out
  }
  private ensure(bytes: number): void {
    if (this.pos + bytes > this.buffer.length) this.grow(bytes)
  }
  private grow(bytes: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.pos + bytes))
    this.buffer.copy(next, 0, 0, this.pos)
    this.buffer = next
  }
  private varint(value: number): void {
    this.pos = putVarint(this.buffer, this.pos, value)
  }
  private tag(field: number, wireType: number): void {
    this.pos = putVarint(this.buffer, this.pos, (field << 3) | wireType)
  }
  uint(field: number, value: number): void {
    this.ensure(HEADROOM)
    this.tag(field, VARINT)
    this.varint(value)
  }
  int64(field: number, value: number): void {
    this.ensure(HEADROOM)
    this.tag(field, VARINT)
    if (value >= 0) {
      this.varint(value)
      return
    }
    let big = BigInt.asUintN(64, BigInt(value))
    for (let i = 0; i < 9; i++) {
      this.buffer[this.pos++] = Number(big & 0x7fn) | 0x80
      big >>= 7n
    }
    this.buffer[this.pos++] = Number(big)
  }
  fixed32(field: number, value: number): void {
    this.ensure(HEADROOM)
    this.tag(field, FIXED32)
    this.word(value >>> 0)
  }
  fixed64(field: number, value: bigint): void {
    const pos = this.fixed64Slot(field)
    this.buffer.writeBigUInt64LE(value, pos)
  }
  timeNanos(field: number, ms: number): void {
    const [low, high] = nanosParts(ms)
    this.ensure(HEADROOM)
    this.tag(field, FIXED64)
    this.word(low)
    this.word(high)
  }
  /** A 32-bit little-endian word, byte by byte: cheaper than `writeUInt32LE`'s checks on a hot path. */
  private word(value: number): void {
    const buffer = this.buffer
    const pos = this.pos
    buffer[pos] = value
    buffer[pos + 1] = value >>> 8
    buffer[pos + 2] = value >>> 16
    buffer[pos + 3] = value >>> 24
    this.pos = pos + 4
  }
  double(field: number, value: number): void {
    const pos = this.fixed64Slot(field)
    this.buffer.writeDoubleLE(value, pos)
  }
  /**
   * Tag an 8-byte field and return where its bytes go. Read `this.buffer` after this call: making
   * room may replace it.
   */
  private fixed64Slot(field: number): number {
    this.ensure(HEADROOM)
    this.tag(field, FIXED64)
    const pos = this.pos
    this.pos = pos + 8
    return pos
  }
  string(field: number, value: string): void {
    const chars = value.length
    if (chars < 0x80) {
      // Optimistically ASCII: one byte per char and a one-byte length, in a single read of the
      // string; the first non-ASCII char falls back to measuring and a native UTF-8 write.
      this.ensure(HEADROOM + chars)
      this.tag(field, LENGTH_DELIMITED)
      const buffer = this.buffer
      const start = this.pos
      let pos = start + 1
      for (let i = 0; i < chars; i++) {
        const code = value.charCodeAt(i)
        if (code >= 0x80) {
          this.utf8(value, start)
          return
        }
        buffer[pos++] = code
      }
      buffer[start] = chars
      this.pos = pos
      return
    }
    this.ensure(HEADROOM)
    this.tag(field, LENGTH_DELIMITED)
    this.utf8(value, this.pos)
  }
  /** Length and UTF-8 bytes of `value` from `start` (just after its tag). */
  private utf8(value: string, start: number): void {
    const length = utf8Length(value)
    this.pos = start
    this.ensure(HEADROOM + length)
    this.varint(length)
    this.pos += this.buffer.write(value, this.pos, length, 'utf8')
  }
  hexBytes(field: number, hex: string): void {
    const length = hex.length >>> 1
    this.ensure(HEADROOM + length)
    this.tag(field, LENGTH_DELIMITED)
    this.varint(length)
    // A table lookup per nibble, straight into the buffer: ids are 8 or 16 bytes, where the native
    // hex write costs more in the call than in the work.
    const buffer = this.buffer
    let pos = this.pos
    const end = pos + length
    for (let i = 0; pos < end; i += 2) {
      const first = hex.charCodeAt(i)
      const second = hex.charCodeAt(i + 1)
      const byte = (first | second) < 0x80 ? (HEX_PAIR[(first << 7) | second] as number) : INVALID_PAIR
      // Like Buffer's hex write, stop at the first non-hex pair, but keep the declared size (zeros)
      // so the frame stays valid.
      if (byte === INVALID_PAIR) {
        buffer.fill(0, pos, end)
        break
      }
      buffer[pos++] = byte
    }
    this.pos = end
  }
  packedDouble(field: number, values: readonly number[]): void {
    if (!this.beginPacked64(field, values.length)) return
    for (const value of values) {
      this.buffer.writeDoubleLE(value, this.pos)
      this.pos += 8
    }
  }
  packedFixed64(field: number, values: readonly number[]): void {
    if (!this.beginPacked64(field, values.length)) return
    for (const value of values) {
      this.word(value % TWO_32)
      this.word(Math.floor(value / TWO_32))
    }
  }
  /**
   * Tag a packed field of `count` 8-byte values and write its length, with room for the values;
   * false, writing nothing, when there are none (an empty packed field is omitted).
   */
  private beginPacked64(field: number, count: number): boolean {
    if (count === 0) return false
    this.ensure(HEADROOM + count * 8)
    this.tag(field, LENGTH_DELIMITED)
    this.varint(count * 8)
    return true
  }
  scalarAttribute(field: number, key: string, value: string | number | boolean): void {
    this.begin(field)
    this.string(KEY, key)
    this.begin(VALUE)
    if (typeof value === 'string') this.string(STRING_VALUE, value)
    else if (typeof value === 'boolean') this.uint(BOOL_VALUE, value ? 1 : 0)
    else if (Number.isInteger(value)) this.int64(INT_VALUE, value)
    else this.double(DOUBLE_VALUE, value)
    this.end()
    this.end()
  }
  begin(field: number): void {
    this.ensure(HEADROOM)
    this.tag(field, LENGTH_DELIMITED)
    this.starts.push(this.pos)
    this.pos++
  }
  end(): void {
    const start = this.starts.pop() as number
    const length = this.pos - start - 1
    if (length < 0x80) {
      this.buffer[start] = length
      return
    }
    // The one reserved byte is short: move the message up by the extra length bytes.
    const extra = varintSize(length) - 1
    this.ensure(extra)
    this.buffer.copyWithin(start + 1 + extra, start + 1, this.pos)
    putVarint(this.buffer, start, length)
    this.pos += extra
  }
}
