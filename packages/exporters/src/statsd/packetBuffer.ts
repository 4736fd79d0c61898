/**
 * StatsD lines packed into datagrams: lines join with `\n` until the next would push a datagram
 * past the packet-size limit, and everything not yet sent (the packet being packed, sealed
 * packets, packets in flight) stays under one byte budget, so a stalled agent costs bounded memory.
 */

/** One datagram's payload. */
export interface StatsdPacket {
  readonly payload: string
  /** Lines in the payload. */
  readonly lines: number
  /** UTF-8 bytes of the payload. */
  readonly bytes: number
}

/** Options for {@link createPacketBuffer}. */
export interface PacketBufferOptions {
  /** Largest datagram payload in bytes. */
  maxPacketSize: number
  /** Bytes held at most, counting each line with its separator, until released. */
  maxBufferBytes: number
  /** A packet was sealed because the next line did not fit: send it now to keep memory near one packet. */
  onSealed: () => void
  /** Lines held (packing, sealed or in flight) changed. */
  onDepth: (lines: number) => void
}

/** Why a line was refused. */
export type PacketRefusal = 'oversized' | 'queue_full'

/** The datagram packer. No method throws. */
export interface PacketBuffer {
  /** Pack `line`; returns why it was refused, or `undefined` when it was taken. */
  add(line: string): PacketRefusal | undefined
  /** Seal the packet being packed (at a flush), so it can be taken. */
  seal(): void
  /** The oldest sealed packet, now the caller's to send and then release. */
  take(): StatsdPacket | undefined
  /** Whether sealed packets wait to be taken. */
  readonly hasSealed: boolean
  /** Give back the budget of a packet that was sent or given up. */
  release(packet: StatsdPacket): void
}

/**
 * Create a datagram packer.
 *
 * @example
 * const buffer = createPacketBuffer({ maxPacketSize: 1432, maxBufferBytes: 1_048_576, onSealed: send, onDepth })
 * if (buffer.add('orders:1|c') !== undefined) countDropped()
 */
export function createPacketBuffer(options: PacketBufferOptions): PacketBuffer {
  const { maxPacketSize, maxBufferBytes, onSealed, onDepth } = options
  const sealed: StatsdPacket[] = []
  let payload = ''
  let lines = 0
  let bytes = 0
  /** Bytes held across packing, sealed and in-flight packets: each line's size plus its separator. */
  let held = 0
  let heldLines = 0

  const seal = () => {
    if (lines === 0) return
    sealed.push({ payload, lines, bytes })
    payload = ''
    lines = 0
    bytes = 0
  }

  return {
    add(line) {
      const size = Buffer.byteLength(line, 'utf8')
      if (size > maxPacketSize) return 'oversized'
      if (held + size + 1 > maxBufferBytes) return 'queue_full'
      if (lines > 0 && bytes + 1 + size > maxPacketSize) {
        seal()
        onSealed()
      }
      payload = lines === 0 ? line : `${payload}\n${line}`
      bytes += lines === 0 ? size : size + 1
      lines++
      held += size + 1
      heldLines++
      onDepth(heldLines)
      return undefined
    },
    seal,
    take: () => sealed.shift(),
    get hasSealed() {
      return sealed.length > 0
    },
    release(packet) {
      held -= packet.bytes + 1
      heldLines -= packet.lines
      onDepth(heldLines)
    },
  }
}
