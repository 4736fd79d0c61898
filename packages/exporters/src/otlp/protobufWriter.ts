/**
 * A small protobuf writer in two passes over the same encoder function: the first pass measures
 * every nested message and string (in pre-order), the second writes into one exactly-sized buffer.
 * No intermediate objects and no copying of nested messages.
 */

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
   * measured without the nesting stack (attributes are most of a span's fields).
   */
  scalarAttribute(field: number, key: string, value: string | number | boolean): void
  /** Open a length-delimited nested message; close it with {@link ProtoSink.end}. */
  begin(field: number): void
  end(): void
}

/** Encode with `encoder` run twice: once to measure, once to write. */
export function encodeProto(encoder: (sink: ProtoSink) => void): Uint8Array {
  const sizer = new SizeSink()
  encoder(sizer)
  const writer = new WriteSink(sizer.total(), sizer.sizes)
  encoder(writer)
  return writer.finish()
}

const TWO_32 = 4294967296

/** Set on a {@link HEX_NIBBLE} entry for a character that is not a hex digit. */
const INVALID_NIBBLE = 0x10
/** Nibble value of every ASCII character code; {@link INVALID_NIBBLE} for non-hex characters. */
const HEX_NIBBLE = (() => {
  const table = new Uint8Array(128).fill(INVALID_NIBBLE)
  for (let digit = 0; digit < 10; digit++) table[48 + digit] = digit
  for (let letter = 0; letter < 6; letter++) {
    table[65 + letter] = 10 + letter
    table[97 + letter] = 10 + letter
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

const tagSize = (field: number) => varintSize(field << 3)

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

class SizeSink implements ProtoSink {
  /** Sizes of nested messages and strings, in the order the write pass meets them. */
  readonly sizes: number[] = []
  private current = 0
  private readonly stack: number[] = []

  total(): number {
    return this.current
  }
  uint(field: number, value: number): void {
    this.current += tagSize(field) + varintSize(value)
  }
  int64(field: number, value: number): void {
    this.current += tagSize(field) + (value < 0 ? 10 : varintSize(value))
  }
  fixed32(field: number): void {
    this.current += tagSize(field) + 4
  }
  fixed64(field: number): void {
    this.current += tagSize(field) + 8
  }
  timeNanos(field: number): void {
    this.current += tagSize(field) + 8
  }
  double(field: number): void {
    this.current += tagSize(field) + 8
  }
  string(field: number, value: string): void {
    const length = utf8Length(value)
    this.sizes.push(length)
    this.current += tagSize(field) + varintSize(length) + length
  }
  hexBytes(field: number, hex: string): void {
    const length = hex.length >>> 1
    this.current += tagSize(field) + varintSize(length) + length
  }
  packedDouble(field: number, values: readonly number[]): void {
    if (values.length === 0) return
    const length = values.length * 8
    this.current += tagSize(field) + varintSize(length) + length
  }
  packedFixed64(field: number, values: readonly number[]): void {
    this.packedDouble(field, values)
  }
  scalarAttribute(field: number, key: string, value: string | number | boolean): void {
    const sizes = this.sizes
    const at = sizes.length
    const keyLength = utf8Length(key)
    // The order the write pass consumes them: KeyValue, key, AnyValue, then a string value's length.
    sizes.push(0, keyLength, 0)
    let anyValue: number
    if (typeof value === 'string') {
      const length = utf8Length(value)
      sizes.push(length)
      anyValue = 1 + varintSize(length) + length
    } else if (typeof value === 'boolean') anyValue = 2
    else if (Number.isInteger(value)) anyValue = 1 + (value < 0 ? 10 : varintSize(value))
    else anyValue = 9
    const keyValue = 1 + varintSize(keyLength) + keyLength + 1 + varintSize(anyValue) + anyValue
    sizes[at] = keyValue
    sizes[at + 2] = anyValue
    this.current += tagSize(field) + varintSize(keyValue) + keyValue
  }
  begin(field: number): void {
    this.stack.push(this.current + tagSize(field), this.sizes.length)
    this.sizes.push(0)
    this.current = 0
  }
  end(): void {
    const index = this.stack.pop() as number
    const parent = this.stack.pop() as number
    this.sizes[index] = this.current
    this.current = parent + varintSize(this.current) + this.current
  }
}

class WriteSink implements ProtoSink {
  private readonly buffer: Buffer
  private pos = 0
  private cursor = 0
  private readonly sizes: readonly number[]

  constructor(total: number, sizes: readonly number[]) {
    this.buffer = Buffer.allocUnsafe(total)
    this.sizes = sizes
  }
  finish(): Uint8Array {
    return this.buffer.subarray(0, this.pos)
  }
  private varint(value: number): void {
    const buffer = this.buffer
    if (value < 0x80) {
      buffer[this.pos++] = value
      return
    }
    while (value >= TWO_32) {
      buffer[this.pos++] = (value % 128) | 0x80
      value = Math.floor(value / 128)
    }
    let low = value >>> 0
    while (low >= 0x80) {
      buffer[this.pos++] = (low & 0x7f) | 0x80
      low >>>= 7
    }
    buffer[this.pos++] = low
  }
  private tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType)
  }
  uint(field: number, value: number): void {
    this.tag(field, 0)
    this.varint(value)
  }
  int64(field: number, value: number): void {
    this.tag(field, 0)
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
    this.tag(field, 5)
    this.word(value >>> 0)
  }
  fixed64(field: number, value: bigint): void {
    this.tag(field, 1)
    this.buffer.writeBigUInt64LE(value, this.pos)
    this.pos += 8
  }
  timeNanos(field: number, ms: number): void {
    const [low, high] = nanosParts(ms)
    this.tag(field, 1)
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
    this.tag(field, 1)
    this.buffer.writeDoubleLE(value, this.pos)
    this.pos += 8
  }
  string(field: number, value: string): void {
    const length = this.sizes[this.cursor++] as number
    this.tag(field, 2)
    this.varint(length)
    if (length === value.length && length <= 64) {
      // ASCII: byte per char, cheaper in JS than a native write for short strings.
      const buffer = this.buffer
      let pos = this.pos
      for (let i = 0; i < length; i++) buffer[pos++] = value.charCodeAt(i)
      this.pos = pos
    } else this.pos += this.buffer.write(value, this.pos, length, 'utf8')
  }
  hexBytes(field: number, hex: string): void {
    const length = hex.length >>> 1
    this.tag(field, 2)
    this.varint(length)
    // A table lookup per nibble, straight into the buffer: ids are 8 or 16 bytes, where the native
    // hex write costs more in the call than in the work.
    const buffer = this.buffer
    let pos = this.pos
    const end = pos + length
    for (let i = 0; pos < end; i += 2) {
      const high = HEX_NIBBLE[hex.charCodeAt(i)] ?? INVALID_NIBBLE
      const low = HEX_NIBBLE[hex.charCodeAt(i + 1)] ?? INVALID_NIBBLE
      // Like Buffer's hex write, stop at the first non-hex pair, but keep the measured size (zeros)
      // so the frame stays valid.
      if ((high | low) & INVALID_NIBBLE) {
        buffer.fill(0, pos, end)
        break
      }
      buffer[pos++] = (high << 4) | low
    }
    this.pos = end
  }
  packedDouble(field: number, values: readonly number[]): void {
    if (values.length === 0) return
    this.tag(field, 2)
    this.varint(values.length * 8)
    for (const value of values) {
      this.buffer.writeDoubleLE(value, this.pos)
      this.pos += 8
    }
  }
  packedFixed64(field: number, values: readonly number[]): void {
    if (values.length === 0) return
    this.tag(field, 2)
    this.varint(values.length * 8)
    for (const value of values) {
      this.buffer.writeUInt32LE(value % TWO_32, this.pos)
      this.buffer.writeUInt32LE(Math.floor(value / TWO_32), this.pos + 4)
      this.pos += 8
    }
  }
  scalarAttribute(field: number, key: string, value: string | number | boolean): void {
    this.begin(field)
    this.string(1, key)
    this.begin(2)
    if (typeof value === 'string') this.string(1, value)
    else if (typeof value === 'boolean') this.uint(2, value ? 1 : 0)
    else if (Number.isInteger(value)) this.int64(3, value)
    else this.double(4, value)
  }
  begin(field: number): void {
    this.tag(field, 2)
    this.varint(this.sizes[this.cursor++] as number)
  }
  end(): void {}
}
