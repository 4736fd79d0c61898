/**
 * The wire side of the StatsD exporter: the agent's socket, the packet buffer and the datagram
 * sender, wired to each other once. A full packet goes out at once, so memory stays near one packet
 * per send in flight; a failed lookup fails the packets waiting for it.
 */
import type { ExporterHealth } from '../shared/exporterHealth.ts'
import { type ExporterTelemetry, reportExportFailure } from '../shared/exporterTelemetry.ts'
import { type AgentLookup, type AgentSocket, createAgentSocket } from './agentSocket.ts'
import { createDatagramSender, type DatagramSender } from './datagramSender.ts'
import { createPacketBuffer, type PacketBuffer } from './packetBuffer.ts'

/** Options for {@link StatsdTransport}. */
export interface StatsdTransportOptions {
  /** Agent host: an IP literal, or a name resolved through `lookup` before the first datagram. */
  host: string
  port: number
  lookup: AgentLookup
  /** Largest datagram payload in bytes. */
  maxPacketSize: number
  /** Bytes buffered at most, sealed and in flight included. */
  maxBufferBytes: number
  health: ExporterHealth
  telemetry: Pick<ExporterTelemetry, 'reportError'> | undefined
  /** The `exporter` detail of reports. */
  exporter: string
}

/** Packs lines into datagrams and sends them to the agent. No method throws. */
export class StatsdTransport {
  readonly agent: AgentSocket
  /** Where lines are packed; `add` is the per-line path. */
  readonly buffer: PacketBuffer
  private readonly sender: DatagramSender

  constructor(options: StatsdTransportOptions) {
    const { host, health, telemetry, exporter } = options
    this.agent = createAgentSocket({
      host,
      lookup: options.lookup,
      onSocketError: (error) => reportExportFailure(telemetry, 'StatsD socket error', { exporter, error }),
      onLookupError: (error) => {
        reportExportFailure(telemetry, `StatsD agent host ${host} could not be resolved`, {
          exporter,
          host,
          error,
        })
        this.sender.failSealed()
      },
    })
    this.buffer = createPacketBuffer({
      maxPacketSize: options.maxPacketSize,
      maxBufferBytes: options.maxBufferBytes,
      onSealed: () => this.sender.sendSealed(),
      onDepth: (lines) => health.queueDepth(lines, 'lines'),
    })
    this.sender = createDatagramSender({
      agent: this.agent,
      port: options.port,
      buffer: this.buffer,
      health,
      telemetry,
      exporter,
    })
  }

  /** Seal the packet being packed and send every sealed one (resolving the host first if need be); resolves when none is in flight. */
  async flush(): Promise<void> {
    this.buffer.seal()
    if (this.agent.socket === undefined && this.buffer.hasSealed) await this.agent.resolve()
    this.sender.sendSealed()
    return this.sender.idle()
  }

  /** Close the socket. Idempotent. */
  close(): void {
    this.agent.close()
  }
}
