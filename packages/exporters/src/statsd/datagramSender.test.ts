import dgram from 'node:dgram'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createExporterHealth } from '../shared/exporterHealth.ts'
import { type AgentLookup, createAgentSocket } from './agentSocket.ts'
import { createDatagramSender } from './datagramSender.ts'
import { createPacketBuffer } from './packetBuffer.ts'

let receiver: dgram.Socket
let port: number
const received: string[] = []

beforeEach(async () => {
  received.length = 0
  receiver = dgram.createSocket('udp4')
  receiver.on('message', (message) => received.push(message.toString('utf8')))
  receiver.bind(0, '127.0.0.1')
  await once(receiver, 'listening')
  port = (receiver.address() as AddressInfo).port
})
afterEach(() => receiver.close())

function setup(host: string, lookup: AgentLookup = () => Promise.reject(new Error('no lookup'))) {
  const health = createExporterHealth(undefined, 'statsd')
  const depths: number[] = []
  const agent = createAgentSocket({
    host,
    lookup,
    onSocketError: () => {},
    onLookupError: () => sender.failSealed(),
  })
  const buffer = createPacketBuffer({
    maxPacketSize: 1432,
    maxBufferBytes: 10_000,
    onSealed: () => sender.sendSealed(),
    onDepth: (lines) => depths.push(lines),
  })
  const sender = createDatagramSender({
    agent,
    port,
    buffer,
    health,
    telemetry: undefined,
    exporter: 'statsd',
  })
  return { agent, buffer, sender, health, depths }
}

describe('createDatagramSender', () => {
  it('sends each sealed packet as one datagram, counts its lines exported and releases its budget', async () => {
    const { agent, buffer, sender, health, depths } = setup('127.0.0.1')
    buffer.add('a:1|c')
    buffer.add('b:2|g')
    buffer.seal()
    const arrived = once(receiver, 'message')
    sender.sendSealed()
    await sender.idle()
    await arrived
    expect(received).toEqual(['a:1|c\nb:2|g'])
    expect(health.totals().exported).toBe(2)
    expect(depths.at(-1)).toBe(0)
    agent.close()
  })

  it('counts sealed packets failed and releases them when the agent cannot be resolved', async () => {
    const { agent, buffer, sender, health, depths } = setup('statsd.invalid')
    buffer.add('a:1|c')
    buffer.seal()
    sender.sendSealed()
    expect(await agent.resolve()).toBe(false)
    expect(buffer.hasSealed).toBe(false)
    expect(health.totals()).toMatchObject({ exported: 0, failed: 1 })
    expect(depths.at(-1)).toBe(0)
    agent.close()
  })

  it('is idle at once when nothing is in flight', async () => {
    const { agent, sender } = setup('127.0.0.1')
    await expect(sender.idle()).resolves.toBeUndefined()
    agent.close()
  })
})
