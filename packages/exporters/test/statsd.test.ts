import dgram from 'node:dgram'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
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

let server: dgram.Socket
let port: number
let datagrams: Buffer[]
let waiters: Array<() => void>
let telemetry: FakeTelemetry

beforeEach(async () => {
  datagrams = []
  waiters = []
  server = dgram.createSocket('udp4')
  server.on('message', (message) => {
    datagrams.push(message)
    for (const waiter of waiters.splice(0)) waiter()
  })
  server.bind(0, '127.0.0.1')
  await once(server, 'listening')
  port = (server.address() as AddressInfo).port
  telemetry = fakeTelemetry()
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
