import { describe, expect, it } from 'vitest'
import { ENRICHMENT_KEYS } from './enrichment.ts'
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

describe('per-handler enrichment (the enrich attach option)', () => {
  it('ENRICHMENT_KEYS lists every key enrichment adds (what metric handlers check to opt out)', () => {
    const t = createTelemetry({ env: {}, service: 'svc', layer: 'foundation' })
    const seen: Metadata[] = []
    t.attach('h', 'e', (_e, _m, md) => seen.push(md))
    const span = t.startSpan('s')
    t.withCorrelationId('c-1', () => t.withContext(span, () => t.execute('e', {}, {})))
    expect(Object.keys(seen[0] ?? {}).sort()).toEqual([...ENRICHMENT_KEYS].sort())
  })

  /** Metadata that counts every read of it. */
  function counted(reads: { n: number }): Metadata {
    return new Proxy(
      { k: 1 },
      {
        ownKeys: (target) => {
          reads.n++
          return Reflect.ownKeys(target)
        },
        get: (target, key) => {
          reads.n++
          return Reflect.get(target, key)
        },
      },
    )
  }

  it('a handler attached with enrich: false gets the caller object itself; the others get one enriched copy', () => {
    const t = createTelemetry({ env: {}, service: 'svc' })
    const seen: Record<string, Metadata[]> = { a: [], raw: [], b: [] }
    t.attach('a', 'e', (_e, _m, md) => seen.a?.push(md))
    t.attach('raw', 'e', (_e, _m, md) => seen.raw?.push(md), undefined, { enrich: false })
    t.attach('b', 'e', (_e, _m, md) => seen.b?.push(md))
    const metadata = { k: 1 }
    t.execute('e', {}, metadata)
    t.event('e').execute({}, metadata)
    expect(seen.raw).toEqual([metadata, metadata])
    for (const md of seen.raw ?? []) expect(md).toBe(metadata)
    expect(seen.a?.map((md) => md.service)).toEqual(['svc', 'svc'])
    expect(seen.a?.[0]).toBe(seen.b?.[0])
    expect(seen.a?.[1]).toBe(seen.b?.[1])
    expect(metadata).toEqual({ k: 1 })
  })

  it('an event whose handlers all opt out is not enriched: its metadata is never read', () => {
    const t = createTelemetry({ env: {} })
    const received: Metadata[] = []
    t.attach('one', 'single', (_e, _m, md) => received.push(md), undefined, { enrich: false })
    t.attach('x', 'pair', (_e, _m, md) => received.push(md), undefined, { enrich: false })
    t.attach('y', 'pair', (_e, _m, md) => received.push(md), undefined, { enrich: false, durable: true })
    const reads = { n: 0 }
    const metadata = counted(reads)
    t.execute('single', {}, metadata)
    t.event('single').execute({}, metadata)
    t.execute('pair', {}, metadata)
    t.event('pair').execute({}, metadata)
    expect(reads.n).toBe(0)
    expect(received).toHaveLength(6)
    for (const md of received) expect(md).toBe(metadata)
  })

  it('metadata that cannot be read still reaches handlers that opted out, unread', () => {
    const t = createTelemetry({ env: {} })
    let calls = 0
    t.attach('h', 'e', () => calls++, undefined, { enrich: false })
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('hostile')
        },
      },
    )
    t.execute('e', {}, hostile)
    expect(calls).toBe(1)
    expect(t.stats().invalid_input).toBeUndefined()
  })

  it('enrich: true enriches for that handler on an instance created with enrich: false', () => {
    const t = createTelemetry({ env: {}, service: 'svc', enrich: false })
    const seen: Metadata[] = []
    t.attach('asks', 'e', (_e, _m, md) => seen.push(md), undefined, { enrich: true })
    t.attach('default', 'e', (_e, _m, md) => seen.push(md))
    const metadata = { k: 1 }
    t.execute('e', {}, metadata)
    expect(seen[0]).toMatchObject({ k: 1, service: 'svc', pid: process.pid })
    expect(seen[1]).toBe(metadata)
    t.detach('default')
    t.event('e').execute({}, metadata)
    expect(seen[2]).toMatchObject({ k: 1, service: 'svc' })
  })

  it('a handle follows attach and detach: enriched once a handler asks, raw again once it left', () => {
    const t = createTelemetry({ env: {}, service: 'svc' })
    const handle = t.event('e')
    const raw: Metadata[] = []
    t.attach('raw', 'e', (_e, _m, md) => raw.push(md), undefined, { enrich: false })
    const metadata = { k: 1 }
    handle.execute({}, metadata)
    const detach = t.attach('enriched', 'e', () => {})
    handle.execute({}, metadata)
    detach()
    handle.execute({}, metadata)
    expect(raw.map((md) => md === metadata)).toEqual([true, true, true])
    const reads = { n: 0 }
    handle.execute({}, counted(reads))
    expect(reads.n).toBe(0)
  })

  it('sampled handlers of one event share one metadata object, enriched when any of them asks', () => {
    const t = createTelemetry({ env: {}, service: 'svc' })
    const seen: Metadata[] = []
    t.attach('raw', 'e', (_e, _m, md) => seen.push(md), undefined, { sampled: true, enrich: false })
    t.attach('enriched', 'e', (_e, _m, md) => seen.push(md), undefined, { sampled: true })
    t.execute('e', {}, { k: 1 })
    expect(seen).toHaveLength(2)
    expect(seen[0]).toBe(seen[1])
    expect(seen[0]?.service).toBe('svc')
    t.detach('enriched')
    const metadata = { k: 2 }
    t.execute('e', {}, metadata)
    expect(seen[2]).toBe(metadata)
  })
})
