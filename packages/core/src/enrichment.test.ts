import { describe, expect, it } from 'vitest'
import { createTelemetry } from './telemetry.ts'
import type { Metadata } from './types.ts'

describe('enrichment', () => {
  it('adds service, layer, environment, host and pid; user keys win', () => {
    const t = createTelemetry({ env: {}, service: 'svc', layer: 'dspex', environment: 'test' })
    const seen: Metadata[] = []
    t.attach('h', 'e', (_e, _m, md) => seen.push(md))
    t.execute('e', {}, { service: 'mine', agent_id: 'a1' })
    expect(seen[0]).toMatchObject({
      service: 'mine',
      layer: 'dspex',
      environment: 'test',
      pid: process.pid,
      agent_id: 'a1',
    })
    expect(typeof seen[0]?.host).toBe('string')
    expect(seen[0]?.trace_id).toBeUndefined()
  })

  it('adds the active span ids, and never mutates the caller metadata', () => {
    const t = createTelemetry({ env: {} })
    const seen: Metadata[] = []
    t.attach('h', 'e', (_e, _m, md) => seen.push(md))
    const metadata = { k: 1 }
    const span = t.startSpan('s')
    t.withContext(span, () => t.execute('e', {}, metadata))
    expect(seen[0]).toMatchObject({
      trace_id: span.spanContext().traceId,
      span_id: span.spanContext().spanId,
      k: 1,
    })
    expect(metadata).toEqual({ k: 1 })
  })

  it('passes metadata through untouched with enrich: false', () => {
    const t = createTelemetry({ env: {}, enrich: false })
    const seen: Metadata[] = []
    t.attach('h', 'e', (_e, _m, md) => seen.push(md))
    const metadata = { k: 1 }
    t.execute('e', {}, metadata)
    expect(seen[0]).toBe(metadata)
  })

  it('a metadata object that cannot be read is reported, and the caller never sees the error', () => {
    const t = createTelemetry({ env: {} })
    let called = false
    t.attach('h', 'e', () => {
      called = true
    })
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('hostile')
        },
      },
    )
    expect(() => t.execute('e', {}, hostile)).not.toThrow()
    expect(called).toBe(false)
    expect(t.stats().invalid_input).toBe(1)
  })

  it('reads nothing when no handler listens', () => {
    let reads = 0
    const t = createTelemetry({ env: {} })
    const metadata = new Proxy(
      {},
      {
        ownKeys: () => {
          reads++
          return []
        },
        get: () => {
          reads++
          return undefined
        },
      },
    )
    t.execute('unheard', {}, metadata)
    expect(reads).toBe(0)
  })

  it('enriched metadata is a plain object: caller keys first, JSON and spread see every key', () => {
    const t = createTelemetry({ env: {}, service: 'svc', environment: 'test' })
    const seen: Metadata[] = []
    t.attach('h', 'e', (_e, _m, md) => seen.push(md))
    const handle = t.event('e')
    handle.execute({}, { agent_id: 'a1', step: 2 })
    t.execute('e', {}, { agent_id: 'a1', step: 2 })
    for (const md of seen) {
      expect(Object.keys(md)).toEqual(['agent_id', 'step', 'service', 'environment', 'host', 'pid'])
      expect(JSON.parse(JSON.stringify(md))).toEqual({ ...md })
      expect(Object.getPrototypeOf(md)).toBe(Object.prototype)
    }
  })

  it('a handler mutating the enriched metadata changes neither the caller object nor the next event', () => {
    const t = createTelemetry({ env: {}, service: 'svc' })
    const seen: Metadata[] = []
    t.attach('h', 'e', (_e, _m, md) => {
      seen.push({ ...md })
      md.service = 'mutated'
      md.extra = true
    })
    const metadata = { k: 1 }
    t.execute('e', {}, metadata)
    t.event('e').execute({}, metadata)
    expect(metadata).toEqual({ k: 1 })
    expect(seen.map((md) => [md.service, md.extra])).toEqual([
      ['svc', undefined],
      ['svc', undefined],
    ])
  })

  it('two handlers of one event share one enriched copy: the second sees what the first set', () => {
    const t = createTelemetry({ env: {}, service: 'svc' })
    const second: unknown[] = []
    t.attach('first', 'e', (_e, _m, md) => {
      md.tag = 'set by first'
    })
    t.attach('second', 'e', (_e, _m, md) => second.push(md.tag))
    t.execute('e', {}, { k: 1 })
    expect(second).toEqual(['set by first'])
  })
})
