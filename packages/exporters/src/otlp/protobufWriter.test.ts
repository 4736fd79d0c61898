import fc from 'fast-check'
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { msToNanos } from './common.ts'
import { encodeProto, nanosParts } from './protobufWriter.ts'

describe('protobuf writer', () => {
  it('round-trips scalars, strings and nested messages through protobufjs Reader', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.double(),
        fc.string({ unit: 'grapheme' }),
        fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { maxLength: 20 }),
        (uint, int64, fixed, double, text, counts) => {
          const bytes = encodeProto((sink) => {
            sink.uint(1, uint)
            sink.begin(2)
            sink.int64(1, int64)
            sink.string(2, text)
            sink.begin(3)
            sink.fixed64(1, fixed)
            sink.end()
            sink.end()
            sink.double(3, double)
            sink.packedFixed64(4, counts)
          })
          const reader = protobuf.Reader.create(bytes)
          expect(reader.uint32()).toBe((1 << 3) | 0)
          expect(Number(reader.uint64().toString())).toBe(uint)
          expect(reader.uint32()).toBe((2 << 3) | 2)
          const nestedEnd = reader.uint32() + reader.pos
          expect(reader.uint32()).toBe(1 << 3)
          expect(BigInt(reader.int64().toString())).toBe(BigInt(int64))
          expect(reader.uint32()).toBe((2 << 3) | 2)
          expect(reader.string()).toBe(text)
          expect(reader.uint32()).toBe((3 << 3) | 2)
          reader.uint32()
          expect(reader.uint32()).toBe((1 << 3) | 1)
          expect(BigInt(reader.fixed64().toString())).toBe(fixed)
          expect(reader.pos).toBe(nestedEnd)
          expect(reader.uint32()).toBe((3 << 3) | 1)
          expect(Object.is(reader.double(), double)).toBe(true)
          if (counts.length > 0) {
            expect(reader.uint32()).toBe((4 << 3) | 2)
            const end = reader.uint32() + reader.pos
            const decoded: number[] = []
            while (reader.pos < end) decoded.push(Number(reader.fixed64().toString()))
            expect(decoded).toEqual(counts)
          }
          expect(reader.pos).toBe(bytes.byteLength)
        },
      ),
    )
  })

  it('splits epoch ms into ns words exactly as the bigint conversion does', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 4_102_444_800_000, noNaN: true }), (ms) => {
        const [low, high] = nanosParts(ms)
        expect(BigInt(high) * 2n ** 32n + BigInt(low)).toBe(msToNanos(ms))
        expect(low).toBeLessThan(2 ** 32)
      }),
    )
  })

  it('measures UTF-8 like Buffer for any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const bytes = encodeProto((sink) => sink.string(1, text))
        const reader = protobuf.Reader.create(bytes)
        reader.uint32()
        expect(reader.uint32()).toBe(Buffer.byteLength(text, 'utf8'))
        expect(reader.pos + Buffer.byteLength(text, 'utf8')).toBe(bytes.byteLength)
      }),
    )
    // Generating arbitrary binary strings is CPU-bound: on a loaded 2-core machine it can pass 5 s.
  }, 30_000)

  it('writes hex ids as Buffer does: either case, stopping at the first non-hex pair', () => {
    const hexChar = fc.constantFrom(...'0123456789abcdefABCDEFgz-. '.split(''))
    fc.assert(
      fc.property(fc.array(hexChar, { maxLength: 40 }), (chars) => {
        const hex = chars.join('')
        const bytes = encodeProto((sink) => sink.hexBytes(1, hex))
        const reader = protobuf.Reader.create(bytes)
        reader.uint32()
        const expected = Buffer.alloc(hex.length >>> 1)
        expected.write(hex, 0, expected.length, 'hex')
        expect(Buffer.from(reader.bytes())).toEqual(expected)
      }),
    )
  })

  it('writes a scalar attribute exactly as the nested KeyValue it stands for', () => {
    const scalar = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.boolean(),
      fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
      fc.double(),
    )
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), scalar, (key, value) => {
        const fast = encodeProto((sink) => {
          sink.uint(1, 3)
          sink.scalarAttribute(9, key, value)
        })
        const nested = encodeProto((sink) => {
          sink.uint(1, 3)
          sink.begin(9)
          sink.string(1, key)
          sink.begin(2)
          if (typeof value === 'string') sink.string(1, value)
          else if (typeof value === 'boolean') sink.uint(2, value ? 1 : 0)
          else if (Number.isInteger(value)) sink.int64(3, value)
          else sink.double(4, value)
          sink.end()
          sink.end()
        })
        expect(Buffer.from(fast)).toEqual(Buffer.from(nested))
      }),
    )
  })

  it('frames nested messages of any length, across the one-, two- and three-byte length sizes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('a', 'é', '😀'),
        (lengths, unit) => {
          const texts = lengths.map((length) => unit.repeat(length))
          const bytes = encodeProto((sink) => {
            sink.begin(1)
            for (const text of texts) {
              sink.begin(2)
              sink.string(1, text)
              sink.end()
            }
            sink.end()
            sink.uint(3, 9)
          })
          const reader = protobuf.Reader.create(bytes)
          expect(reader.uint32()).toBe((1 << 3) | 2)
          const outerEnd = reader.uint32() + reader.pos
          for (const text of texts) {
            expect(reader.uint32()).toBe((2 << 3) | 2)
            const innerEnd = reader.uint32() + reader.pos
            expect(reader.uint32()).toBe((1 << 3) | 2)
            expect(reader.string()).toBe(text)
            expect(reader.pos).toBe(innerEnd)
          }
          expect(reader.pos).toBe(outerEnd)
          expect(reader.uint32()).toBe(3 << 3)
          expect(reader.uint32()).toBe(9)
          expect(reader.pos).toBe(bytes.byteLength)
        },
      ),
      { numRuns: 40 },
    )
  })

  it('hands out results that later encodes never overwrite, also after a failed encode', () => {
    const first = encodeProto((sink) => sink.string(1, 'first'))
    const copy = Buffer.from(first)
    expect(() =>
      encodeProto((sink) => {
        sink.string(1, 'x'.repeat(200_000))
        throw new Error('encoder failed')
      }),
    ).toThrow('encoder failed')
    const second = encodeProto((sink) => sink.string(1, 'later'))
    expect(Buffer.from(first)).toEqual(copy)
    expect(protobuf.Reader.create(second).skip(1).string()).toBe('later')
  })

  it('keeps frames valid when an id is not hex', () => {
    const bytes = encodeProto((sink) => {
      sink.hexBytes(1, 'zz11')
      sink.uint(2, 7)
    })
    const reader = protobuf.Reader.create(bytes)
    reader.uint32()
    expect(reader.bytes()).toHaveLength(2)
    reader.uint32()
    expect(reader.uint32()).toBe(7)
  })
})

describe('protobuf writer growth', () => {
  it('keeps 8-byte and packed fields intact when writing them outgrows the buffer', () => {
    const count = 10_000
    const bytes = encodeProto((sink) => {
      for (let i = 0; i < count; i++) {
        sink.double(1, i + 0.5)
        sink.fixed64(2, BigInt(i))
      }
      sink.packedDouble(3, [1.5, -2.25])
    })
    const reader = protobuf.Reader.create(bytes)
    for (let i = 0; i < count; i++) {
      reader.uint32()
      expect(reader.double()).toBe(i + 0.5)
      reader.uint32()
      expect(BigInt(reader.fixed64().toString())).toBe(BigInt(i))
    }
    expect(reader.uint32()).toBe((3 << 3) | 2)
    expect(reader.uint32()).toBe(16)
    expect([reader.double(), reader.double()]).toEqual([1.5, -2.25])
  })
})
