/**
 * Sends the packed StatsD datagrams to the agent: each sealed packet goes out as one datagram,
 * its lines counted exported or failed when the socket answers, and its budget released. Packets
 * sealed before the agent's address is known wait for the lookup; when the lookup fails they are
 * counted failed and released instead of waiting forever.
 */
import type { ExporterHealth } from '../shared/exporterHealth.ts'
import { type ExporterTelemetry, reportExportFailure } from '../shared/exporterTelemetry.ts'
import type { AgentSocket } from './agentSocket.ts'
import type { PacketBuffer, StatsdPacket } from './packetBuffer.ts'

/** Options for {@link createDatagramSender}. */
export interface DatagramSenderOptions {
  agent: AgentSocket
  port: number
  buffer: PacketBuffer
  health: ExporterHealth
  telemetry: Pick<ExporterTelemetry, 'reportError'> | undefined
  /** The `exporter` detail of reports. */
  exporter: string
}

/** The datagram sender. No method throws. */
export interface DatagramSender {
  /** Send every sealed packet now (or once the agent's address is known). */
  sendSealed(): void
  /** Count every sealed packet failed and release it (the address cannot be had). */
  failSealed(): void
  /** Resolves once no datagram is in flight. */
  idle(): Promise<void>
}

/**
 * Create the sender of one StatsD exporter.
 *
 * @example
 * const sender = createDatagramSender({ agent, port: 8125, buffer, health, telemetry, exporter: 'statsd' })
 * buffer.seal()
 * sender.sendSealed()
 * await sender.idle()
 */
export function createDatagramSender(options: DatagramSenderOptions): DatagramSender {
  const { agent, port, buffer, health, telemetry, exporter } = options
  let inFlight = 0
  let idleWaiters: Array<() => void> = []

  const settle = (packet: StatsdPacket, error: unknown) => {
    buffer.release(packet)
    if (error) {
      health.failed(packet.lines, 'lines')
      reportExportFailure(telemetry, 'StatsD datagram not sent', { exporter, lines: packet.lines, error })
    } else {
      health.exported(packet.lines, 'lines')
    }
  }

  const send = (packet: StatsdPacket) => {
    const socket = agent.socket
    if (socket === undefined) return
    inFlight++
    try {
      socket.send(Buffer.from(packet.payload, 'utf8'), port, agent.address, (error) => {
        inFlight--
        settle(packet, error)
        if (inFlight === 0) {
          const waiters = idleWaiters
          idleWaiters = []
          for (const waiter of waiters) waiter()
        }
      })
    } catch (error) {
      inFlight--
      settle(packet, error)
    }
  }

  const sendSealed = (): void => {
    if (agent.socket === undefined) {
      // Sealed packets wait (within the byte budget) for the address; the lookup sends them.
      if (buffer.hasSealed) void agent.resolve().then((ready) => ready && sendSealed())
      return
    }
    for (let packet = buffer.take(); packet !== undefined; packet = buffer.take()) send(packet)
  }

  return {
    sendSealed,
    failSealed() {
      let lines = 0
      for (let packet = buffer.take(); packet !== undefined; packet = buffer.take()) {
        buffer.release(packet)
        lines += packet.lines
      }
      health.failed(lines, 'lines')
    },
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
  }
}
