import dgram from 'node:dgram'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import type { TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { createExporterHealth } from '../shared/exporterHealth.ts'
import type { AgentLookup } from './agentSocket.ts'
import { StatsdTransport } from './statsdTransport.ts'

function transport(
  host: string,
  port: number,
  lookup: AgentLookup = () => Promise.reject(new Error('no DNS')),
) {
  const health = createExporterHealth(undefined, 'statsd')
  const errors: TelemetryError[] = []
  const wire = new StatsdTransport({
    host,
    port,
    lookup,
    maxPacketSize: 64,
    maxBufferBytes: 1_000,
    health,
    telemetry: { reportError: (error) => void errors.push(error as TelemetryError) },
    exporter: 'statsd',
  })
  return { wire, health, errors }
}

describe('StatsdTransport', () => {
  it('flush sends the packed lines as datagrams and resolves once they are out', async () => {
    const receiver = dgram.createSocket('udp4')
    const received: string[] = []
    receiver.on('message', (message) => received.push(message.toString('utf8')))
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve))
    const { wire, health } = transport('127.0.0.1', (receiver.address() as AddressInfo).port)
    wire.buffer.add('a:1|c')
    wire.buffer.add('b:2|g')
    const arrived = once(receiver, 'message')
    await wire.flush()
    await arrived
    wire.close()
    wire.close()
    receiver.close()
    expect(received).toEqual(['a:1|c\nb:2|g'])
    expect(health.totals().exported).toBe(2)
  })

  it('sends a full packet at once, before any flush', async () => {
    const receiver = dgram.createSocket('udp4')
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve))
    const { wire } = transport('127.0.0.1', (receiver.address() as AddressInfo).port)
    const arrived = once(receiver, 'message')
    for (let i = 0; i < 10; i++) wire.buffer.add(`line_${i}:1|c`)
    const [message] = (await arrived) as [Buffer]
    wire.close()
    receiver.close()
    expect(message.toString('utf8').startsWith('line_0:1|c\nline_1:1|c')).toBe(true)
  })

  it('resolves a host name at the first flush; a failed lookup is reported and its lines counted failed', async () => {
    let lookups = 0
    const { wire, health, errors } = transport('statsd.invalid', 8125, () => {
      lookups++
      return Promise.reject(new Error('ENOTFOUND'))
    })
    wire.buffer.add('a:1|c')
    expect(lookups).toBe(0)
    await wire.flush()
    wire.close()
    expect(lookups).toBe(1)
    expect(health.totals()).toMatchObject({ exported: 0, failed: 1 })
    expect(errors.map((e) => e.message)).toEqual(['StatsD agent host statsd.invalid could not be resolved'])
  })
})
