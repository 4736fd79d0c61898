import { describe, expect, it } from 'vitest'
import { resolveWireSettings, statsdClient } from './statsdExporter.ts'

describe('resolveWireSettings', () => {
  it('takes options first, then DD_AGENT_HOST and DD_DOGSTATSD_PORT, then the defaults', () => {
    expect(resolveWireSettings({}, {})).toEqual({
      host: '127.0.0.1',
      port: 8125,
      maxPacketSize: 1432,
      maxBufferBytes: 1_048_576,
    })
    const env = { DD_AGENT_HOST: 'agent', DD_DOGSTATSD_PORT: '9125' }
    expect(resolveWireSettings({}, env)).toMatchObject({ host: 'agent', port: 9125 })
    expect(resolveWireSettings({ host: '10.0.0.1', port: 1 }, env)).toMatchObject({
      host: '10.0.0.1',
      port: 1,
    })
    expect(resolveWireSettings({}, { DD_DOGSTATSD_PORT: 'not a port' }).port).toBe(8125)
  })

  it('keeps packets at 64 bytes at least and the buffer at one packet at least', () => {
    expect(resolveWireSettings({ maxPacketSize: 10, maxBufferBytes: 5 }, {})).toMatchObject({
      maxPacketSize: 64,
      maxBufferBytes: 64,
    })
  })
})

describe('statsdClient', () => {
  it('maps each method to its line type, at the default rate unless a call gives one', () => {
    const calls: unknown[][] = []
    const client = statsdClient({ record: (...args) => void calls.push(args) }, 0.5)
    client.increment('a')
    client.gauge('b', 2, { k: 'v' })
    client.timing('c', 3, undefined, 0.1)
    client.histogram('d', 4)
    client.distribution('e', 5)
    client.set('f', 'x')
    expect(calls).toEqual([
      ['a', 1, 'c', undefined, 0.5],
      ['b', 2, 'g', { k: 'v' }, 1],
      ['c', 3, 'ms', undefined, 0.1],
      ['d', 4, 'h', undefined, 0.5],
      ['e', 5, 'd', undefined, 0.5],
      ['f', 'x', 's', undefined, 1],
    ])
  })
})
