import dgram from 'node:dgram'
import { lookup as dnsLookup } from 'node:dns/promises'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import type { TelemetryError } from '@foundation-telemetry/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { exporterHealthMetricNames as names } from '../src/shared/exporterHealth.ts'
import { createStatsdExporter, type StatsdExporterOptions } from '../src/statsd.ts'
import { durationHistogram, series, snapshot } from './metricSnapshots.ts'
import { type FakeTelemetry, fakeTelemetry } from './otlpSupport.ts'

interface ParsedLine {
  name: string
  value: string
  type: string
  rate?: number
  tags: string[]
}

/** A DogStatsD line parser written from the protocol description, independent of the formatter. */
function parseLine(line: string): ParsedLine {
  const match = /^([A-Za-z][A-Za-z0-9_.]*):([^|]+)\|(c|g|ms|h|d|s)((?:\|[@#][^|]*)*)$/.exec(line)
  if (!match) throw new Error(`not a DogStatsD line: ${JSON.stringify(line)}`)
  const parsed: ParsedLine = { name: match[1] ?? '', value: match[2] ?? '', type: match[3] ?? '', tags: [] }
  for (const section of (match[4] ?? '').split('|').slice(1)) {
    if (section.startsWith('@')) parsed.rate = Number(section.slice(1))
    if (section.startsWith('#')) parsed.tags = section.slice(1).split(',')
  }
  return parsed
}

/** A UDP receiver on a real socket. */
interface Receiver {
  readonly port: number
  readonly datagrams: Buffer[]
  close(): void
}

let server: Receiver
let port: number
let datagrams: Buffer[]
let waiters: Array<() => void>
let telemetry: FakeTelemetry

const wake = () => {
  for (const waiter of waiters.splice(0)) waiter()
}

async function listen(type: 'udp4' | 'udp6', address: string): Promise<Receiver> {
  const socket = dgram.createSocket(type)
  const received: Buffer[] = []
  socket.on('message', (message) => {
    received.push(message)
    wake()
  })
  socket.bind(0, address)
  await once(socket, 'listening')
  return { port: (socket.address() as AddressInfo).port, datagrams: received, close: () => socket.close() }
}

/** Whether this machine can bind a UDP socket to the IPv6 loopback `::1` (checked, not assumed). */
async function hasIpv6Loopback(): Promise<boolean> {
  const socket = dgram.createSocket('udp6')
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject)
      socket.bind(0, '::1', () => resolve())
    })
    return true
  } catch {
    return false
  } finally {
    try {
      socket.close()
    } catch {
      // Never bound: nothing to close.
    }
  }
}
const ipv6 = await hasIpv6Loopback()

beforeEach(async () => {
  waiters = []
  server = await listen('udp4', '127.0.0.1')
  datagrams = server.datagrams
  port = server.port
  telemetry = fakeTelemetry()
  const report = telemetry.reportError
  // Failures wake the waiters too, so a test that expects a datagram ends on the error instead.
  telemetry.reportError = (error) => {
    report(error)
    wake()
  }
})
afterEach(() => {
  server.close()
})

/** Resolves once `count` datagrams have arrived (UDP on loopback: none are lost in these tests). */
function datagramsReceived(count: number): Promise<void> {
  if (datagrams.length >= count) return Promise.resolve()
  return new Promise((resolve) => {
    const check = () => (datagrams.length >= count ? resolve() : waiters.push(check))
    waiters.push(check)
  })
}

/**
 * Resolves once `receiver` holds `count` datagrams (with undefined), or with the first export
 * failure reported before that.
 */
function delivered(receiver: Receiver, count: number): Promise<TelemetryError | undefined> {
  return new Promise((resolve) => {
    const check = () => {
      const failure = telemetry.errors.find((error) => error.code === 'export_failure')
      if (receiver.datagrams.length >= count) resolve(undefined)
      else if (failure) resolve(failure)
      else waiters.push(check)
    }
    check()
  })
}

const lines = () => datagrams.flatMap((d) => d.toString('utf8').split('\n')).map(parseLine)

function statsd(options: Partial<StatsdExporterOptions> = {}) {
  return createStatsdExporter({ host: '127.0.0.1', port, telemetry, flushInterval: 0, ...options })
}

describe('StatsD / DogStatsD exporter over UDP', () => {
  it('sends every type with tags, sample rates and sanitised names; receiver parses each line', async () => {
    const randoms = [0.1, 0.9, 0.2]
    const client = statsd({ globalTags: { env: 'test' }, random: () => randoms.shift() ?? 0 })
    client.increment('foundation.registry.lookups', 2, { result: 'hit' })
    client.gauge('pool in-use', 7.5)
    client.timing('llm.latency', 12.25, { model: 'a|b,c#d' }, 0.5)
    client.histogram('batch.size', 3, {}, 0.5) // sampled out by random 0.9
    client.distribution('tokens', 640, { 'bad key:x': 'v' }, 0.5)
    client.set('users.unique', 'u-1')
    await client.forceFlush()
    await datagramsReceived(1)
    expect(lines()).toEqual([
      { name: 'foundation.registry.lookups', value: '2', type: 'c', tags: ['env:test', 'result:hit'] },
      { name: 'pool_in_use', value: '7.5', type: 'g', tags: ['env:test'] },
      { name: 'llm.latency', value: '12.25', type: 'ms', rate: 0.5, tags: ['env:test', 'model:a_b_c_d'] },
      { name: 'tokens', value: '640', type: 'd', rate: 0.5, tags: ['env:test', 'bad_key_x:v'] },
      { name: 'users.unique', value: 'u-1', type: 's', tags: ['env:test'] },
    ])
    expect(telemetry.counted(names.exported, { exporter: 'statsd' })).toBe(5)
    await client.shutdown()
  })

  it('plain statsd drops tags and maps h/d to ms', async () => {
    const client = statsd({ dialect: 'statsd', prefix: 'app.' })
    client.distribution('latency', 5, { a: 'b' })
    client.histogram('size', 9)
    await client.shutdown()
    await datagramsReceived(1)
    expect(datagrams[0]?.toString()).toBe('app.latency:5|ms\napp.size:9|ms')
  })

  it('packs lines into datagrams no larger than maxPacketSize', async () => {
    const client = statsd({ maxPacketSize: 200 })
    for (let i = 0; i < 60; i++) client.increment(`metric.number_${i}`, i, { shard: String(i % 4) })
    await client.forceFlush()
    const total = () => datagrams.reduce((sum, d) => sum + d.toString().split('\n').length, 0)
    while (total() < 60) await datagramsReceived(datagrams.length + 1)
    expect(datagrams.length).toBeGreaterThan(1)
    for (const datagram of datagrams) expect(datagram.byteLength).toBeLessThanOrEqual(200)
    expect(lines().map((line) => Number(line.value))).toEqual(Array.from({ length: 60 }, (_, i) => i))
    await client.shutdown()
  })

  it('bounds the buffer: lines beyond maxBufferBytes and oversized or invalid lines are dropped and counted', async () => {
    const client = statsd({ maxPacketSize: 100, maxBufferBytes: 100 })
    client.increment('x'.repeat(200))
    client.gauge('not.finite', Number.NaN)
    for (let i = 0; i < 20; i++) client.gauge(`g.${i}`, i)
    expect(telemetry.counted(names.dropped, { reason: 'oversized' })).toBe(1)
    expect(telemetry.counted(names.dropped, { reason: 'invalid' })).toBe(1)
    expect(telemetry.counted(names.dropped, { reason: 'queue_full' })).toBeGreaterThan(0)
    expect(telemetry.errors[0]?.code).toBe('data_dropped')
    await client.shutdown()
  })

  it('exports telemetry snapshots on the flush interval, with delta counters', async () => {
    telemetry.snapshots = [
      snapshot({
        name: 'foundation.retry.attempts',
        kind: 'counter',
        series: [series({ service: 'llm' }, { time: 1, value: 4 })],
      }),
      snapshot({
        name: 'foundation.rate_limiter.tokens',
        kind: 'gauge',
        series: [series({}, { time: 1, value: 12 })],
      }),
      durationHistogram(
        'dspex.program.duration',
        { bounds: [10], counts: [1, 1], sum: 30, count: 2, min: 5, max: 25 },
        { time: 1 },
      ),
    ]
    const client = statsd({ flushInterval: 10_000 })
    telemetry.clock.advance(10_000)
    await datagramsReceived(1)
    expect(telemetry.collectCalls[0]).toEqual({ temporality: 'delta', reader: 'statsd' })
    expect(lines().map((l) => `${l.name}:${l.value}|${l.type}${l.tags.length ? `#${l.tags}` : ''}`)).toEqual([
      'foundation.retry.attempts:4|c#service:llm',
      'foundation.rate_limiter.tokens:12|g',
      'dspex.program.duration.count:2|c',
      'dspex.program.duration.sum:30|c',
      'dspex.program.duration.min:5|g',
      'dspex.program.duration.max:25|g',
    ])
    await client.shutdown()
    expect(telemetry.clock.pendingTimers()).toBe(0)
  })

  it('never throws into the host, even after shutdown', async () => {
    const client = statsd()
    await client.shutdown()
    expect(() => client.increment('after.shutdown')).not.toThrow()
    expect(() => client.increment(undefined as unknown as string)).not.toThrow()
    expect(telemetry.counted(names.dropped, { reason: 'shutdown' })).toBe(1)
    await expect(client.forceFlush()).resolves.toBeUndefined()
  })
})

describe('StatsD agent host resolution', () => {
  const linesOf = (datagrams: Buffer[]) =>
    datagrams.flatMap((d) => d.toString('utf8').split('\n')).map((line) => parseLine(line).name)

  /**
   * Send through a client aimed at a receiver of its own on `address`, and return the datagrams
   * that receiver held once the first arrived (read before the client shuts down).
   */
  async function sentTo(
    type: 'udp4' | 'udp6',
    address: string,
    options: Partial<StatsdExporterOptions>,
    send: (client: ReturnType<typeof statsd>) => void,
  ): Promise<Buffer[]> {
    const receiver = await listen(type, address)
    try {
      const client = statsd({ ...options, port: receiver.port })
      send(client)
      await client.forceFlush()
      expect(await delivered(receiver, 1)).toBeUndefined()
      const received = [...receiver.datagrams]
      await client.shutdown()
      return received
    } finally {
      receiver.close()
    }
  }

  it('resolves a host name once and sends to its IPv4 address', async () => {
    const asked: string[] = []
    const client = statsd({
      host: 'statsd.agent.test',
      lookup: async (host) => {
        asked.push(host)
        return { address: '127.0.0.1', family: 4 }
      },
    })
    client.increment('resolved.first')
    await client.forceFlush()
    client.increment('resolved.second')
    await client.forceFlush()
    expect(await delivered(server, 2)).toBeUndefined()
    expect(linesOf(server.datagrams)).toEqual(['resolved.first', 'resolved.second'])
    expect(asked).toEqual(['statsd.agent.test'])
    await client.shutdown()
  })

  it.skipIf(!ipv6)('a host name resolving to ::1 is sent over an IPv6 socket', async () => {
    const datagrams = await sentTo(
      'udp6',
      '::1',
      { host: 'statsd.agent.test', lookup: async () => ({ address: '::1', family: 6 }) },
      (client) => client.increment('over.ipv6', 3),
    )
    expect(datagrams[0]?.toString()).toBe('over.ipv6:3|c')
  })

  it.skipIf(!ipv6)('the IPv6 literal ::1 works without a lookup', async () => {
    const datagrams = await sentTo(
      'udp6',
      '::1',
      { host: '::1', lookup: () => Promise.reject(new Error('a literal needs no lookup')) },
      (client) => client.gauge('literal.ipv6', 1),
    )
    expect(linesOf(datagrams)).toEqual(['literal.ipv6'])
  })

  it('localhost, through the system resolver, reaches a receiver on the address it resolves to', async () => {
    const { address, family } = await dnsLookup('localhost')
    const datagrams = await sentTo(family === 6 ? 'udp6' : 'udp4', address, { host: 'localhost' }, (client) =>
      client.increment('via.localhost'),
    )
    expect(linesOf(datagrams)).toEqual(['via.localhost'])
  })

  it('a failed lookup is reported, its lines counted failed, and the next flush tries again', async () => {
    let attempts = 0
    const client = statsd({
      host: 'statsd.agent.test',
      lookup: async () => {
        attempts++
        if (attempts === 1) throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })
        return { address: '127.0.0.1', family: 4 }
      },
    })
    client.increment('lost.with.lookup')
    await client.forceFlush()
    expect(telemetry.errors.map((error) => error.code)).toEqual(['export_failure'])
    expect(telemetry.errors[0]?.details).toMatchObject({ exporter: 'statsd', host: 'statsd.agent.test' })
    expect(telemetry.counted(names.failed, { exporter: 'statsd' })).toBe(1)
    telemetry.errors.length = 0
    client.increment('after.retry')
    await client.forceFlush()
    expect(await delivered(server, 1)).toBeUndefined()
    expect(linesOf(server.datagrams)).toEqual(['after.retry'])
    expect(attempts).toBe(2)
    await client.shutdown()
  })
})

describe('StatsD sample rates', () => {
  it('sampleRate 0 sends none of the sampled types (c, ms, h, d); gauges and sets still go', async () => {
    // random() may return exactly 0: a rate of 0 must still send nothing.
    const client = statsd({ sampleRate: 0, random: () => 0 })
    client.increment('sampled.out')
    client.timing('sampled.out', 5)
    client.histogram('sampled.out', 5)
    client.distribution('sampled.out', 5)
    client.gauge('kept.gauge', 1)
    client.set('kept.set', 'a')
    // A per-call rate overrides the default, both ways.
    client.increment('kept.per.call', 1, {}, 1)
    await client.forceFlush()
    expect(await delivered(server, 1)).toBeUndefined()
    expect(lines().map((line) => `${line.name}|${line.type}`)).toEqual([
      'kept.gauge|g',
      'kept.set|s',
      'kept.per.call|c',
    ])
    expect(telemetry.errors).toEqual([])
    await client.shutdown()
  })

  it('a per-call rate of 0 sends nothing', async () => {
    const client = statsd({ random: () => 0 })
    client.increment('never.sent', 1, {}, 0)
    client.distribution('never.sent', 1, {}, 0)
    client.increment('sent')
    await client.forceFlush()
    expect(await delivered(server, 1)).toBeUndefined()
    expect(lines().map((line) => line.name)).toEqual(['sent'])
  })

  it('rates outside 0..1 (negative, above 1, NaN) are reported as invalid and sent unsampled', async () => {
    const client = statsd({ sampleRate: -1, random: () => 0.99 })
    client.increment('default.invalid')
    client.timing('per.call.invalid', 2, {}, 1.5)
    client.histogram('per.call.invalid', 3, {}, Number.NaN)
    await client.forceFlush()
    expect(await delivered(server, 1)).toBeUndefined()
    expect(lines()).toEqual([
      { name: 'default.invalid', value: '1', type: 'c', tags: [] },
      { name: 'per.call.invalid', value: '2', type: 'ms', tags: [] },
      { name: 'per.call.invalid', value: '3', type: 'h', tags: [] },
    ])
    const invalid = telemetry.errors.filter((error) => error.code === 'invalid_input')
    // The option once at creation; bad per-call rates once per flush interval, not per line.
    expect(invalid.map((error) => error.details.sampleRate)).toEqual([-1, 1.5])
    await client.shutdown()
  })
})
