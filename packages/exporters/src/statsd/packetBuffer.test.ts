import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createPacketBuffer, type StatsdPacket } from './packetBuffer.ts'

function buffer(maxPacketSize: number, maxBufferBytes: number) {
  const depths: number[] = []
  let sealedCalls = 0
  const packer = createPacketBuffer({
    maxPacketSize,
    maxBufferBytes,
    onSealed: () => sealedCalls++,
    onDepth: (lines) => depths.push(lines),
  })
  const takeAll = () => {
    const packets: StatsdPacket[] = []
    for (let p = packer.take(); p !== undefined; p = packer.take()) packets.push(p)
    return packets
  }
  return { packer, depths, sealed: () => sealedCalls, takeAll }
}

describe('createPacketBuffer', () => {
  it('joins lines with newlines and seals a packet when the next line would not fit', () => {
    const { packer, sealed, takeAll } = buffer(20, 1000)
    expect(packer.add('a:1|c')).toBeUndefined()
    expect(packer.add('b:2|c')).toBeUndefined()
    expect(packer.add('c:33333|c')).toBeUndefined()
    expect(sealed()).toBe(1)
    packer.seal()
    expect(takeAll()).toEqual([
      { payload: 'a:1|c\nb:2|c', lines: 2, bytes: 11 },
      { payload: 'c:33333|c', lines: 1, bytes: 9 },
    ])
  })

  it('refuses a line longer than a packet, and lines beyond the byte budget until packets are released', () => {
    const { packer, depths, takeAll } = buffer(64, 100)
    expect(packer.add('x'.repeat(65))).toBe('oversized')
    const line = 'y'.repeat(48)
    expect(packer.add(line)).toBeUndefined()
    expect(packer.add(line)).toBeUndefined()
    expect(packer.add(line)).toBe('queue_full')
    packer.seal()
    const packets = takeAll()
    expect(depths.at(-1)).toBe(2)
    for (const packet of packets) packer.release(packet)
    expect(depths.at(-1)).toBe(0)
    expect(packer.add(line)).toBeUndefined()
  })

  it('never packs a datagram over the limit and loses or reorders no accepted line', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 64, max: 200 }),
        fc.array(fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }), { maxLength: 60 }),
        (maxPacketSize, lines) => {
          const { packer, takeAll } = buffer(maxPacketSize, 1_000_000)
          const accepted = lines
            .map((line) => line.replace(/\n/g, '_'))
            .filter((line) => packer.add(line) === undefined)
          packer.seal()
          const packets = takeAll()
          for (const packet of packets) {
            expect(Buffer.byteLength(packet.payload, 'utf8')).toBe(packet.bytes)
            expect(packet.bytes).toBeLessThanOrEqual(maxPacketSize)
          }
          expect(packets.flatMap((packet) => packet.payload.split('\n'))).toEqual(accepted)
        },
      ),
    )
  })
})
