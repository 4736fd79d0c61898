import { describe, expect, it } from 'vitest'
import { inferKind, UNDECLARED_METRIC_EVENT } from './createMetrics.ts'
import { testEngine } from './testDeps.ts'

describe('record (recordMetric)', () => {
  it('creates the instrument the taxonomy describes', () => {
    const { metrics, events } = testEngine([
      {
        name: 'foundation_jido.signal.dispatch_duration',
        kind: 'histogram',
        unit: 'ms',
        description: 'Signal dispatch time.',
        tagKeys: ['signal_type'],
      },
      {
        name: 'foundation.pool.size',
        kind: 'gauge',
        unit: '{worker}',
        description: 'Pool size.',
        tagKeys: [],
      },
    ])
    metrics.record('foundation_jido.signal.dispatch_duration', 12, { signal_type: 'cmd' })
    metrics.record('foundation.pool.size', 4)
    metrics.record('foundation.pool.size', 3)
    const [h, g] = metrics.collect()
    expect(h).toMatchObject({ kind: 'histogram', unit: 'ms', description: 'Signal dispatch time.' })
    expect(h?.series[0]?.histogram?.bounds[0]).toBe(5)
    expect(g?.series[0]?.value).toBe(3)
    expect(events).toEqual([])
  })

  it('uses the taxonomy bucket advice unless buckets are given', () => {
    const definition = {
      name: 'rag.lookup_duration',
      kind: 'histogram' as const,
      unit: 'ms',
      description: 'Lookups.',
      tagKeys: [],
      buckets: [0.5, 1, 2],
    }
    const { metrics } = testEngine([definition, { ...definition, name: 'rag.other_duration' }])
    metrics.record('rag.lookup_duration', 1.5)
    metrics.histogram('rag.other_duration', { buckets: [10, 20] }).record(1)
    const [advised, explicit] = metrics.collect()
    expect(advised?.series[0]?.histogram).toMatchObject({ bounds: [0.5, 1, 2], counts: [0, 0, 1, 0] })
    expect(explicit?.series[0]?.histogram?.bounds).toEqual([10, 20])
  })

  it('infers a histogram for duration-like names and a counter otherwise, noting each name once', () => {
    const { metrics, events, errors } = testEngine()
    metrics.record('app.request_latency', 5)
    metrics.record('app.request_latency', 7)
    metrics.record('app.requests', 1)
    metrics.record('app.requests', 1)
    const [h, c] = metrics.collect()
    expect(h).toMatchObject({ kind: 'histogram', unit: 'ms' })
    expect(h?.series[0]?.histogram?.count).toBe(2)
    expect(c).toMatchObject({ kind: 'counter', series: [{ value: 2 }] })
    expect(events.map((e) => [e.event, e.metadata])).toEqual([
      [UNDECLARED_METRIC_EVENT, { metric: 'app.request_latency', kind: 'histogram' }],
      [UNDECLARED_METRIC_EVENT, { metric: 'app.requests', kind: 'counter' }],
    ])
    expect(errors).toEqual([])
  })

  it('inferKind looks at the last segment', () => {
    const names = [
      'a.b.duration',
      'a.dispatch_duration',
      'a.response_time',
      'a.time_spent',
      'a.durations',
      'runtime',
    ]
    expect(Object.fromEntries(names.map((name) => [name, inferKind(name)]))).toEqual({
      'a.b.duration': 'histogram',
      'a.dispatch_duration': 'histogram',
      'a.response_time': 'histogram',
      'a.time_spent': 'counter',
      'a.durations': 'counter',
      runtime: 'counter',
    })
  })

  it('reports bad names and values without throwing', () => {
    const { metrics, errors } = testEngine()
    metrics.record('' as string, 1)
    metrics.record(42 as unknown as string, 1)
    metrics.record('c', -1)
    expect(errors.map((e) => e.code)).toEqual(['invalid_input', 'invalid_input', 'invalid_input'])
  })

  it('keeps working when the taxonomy lookup or the event emitter throws', () => {
    const { metrics } = testEngine([], {
      findDefinition: () => {
        throw new Error('taxonomy broken')
      },
      execute: () => {
        throw new Error('bus broken')
      },
    })
    expect(() => metrics.record('still.counts', 1)).not.toThrow()
    expect(metrics.collect()[0]?.series[0]?.value).toBe(1)
  })
})

describe('instrument registry', () => {
  it('returns the same instrument for the same name and kind', () => {
    const { metrics } = testEngine()
    const a = metrics.counter('same')
    a.add(1)
    metrics.counter('same').add(1)
    expect(metrics.collect()[0]?.series[0]?.value).toBe(2)
    expect(metrics.stats()).toMatchObject({ instruments: 1, series: 1 })
  })

  it('reports a kind conflict and does not export the second instrument', () => {
    const { metrics, errors } = testEngine()
    metrics.counter('clash').add(1)
    const h = metrics.histogram('clash')
    expect(() => h.record(5)).not.toThrow()
    expect(errors[0]?.details).toMatchObject({ metric: 'clash', kind: 'histogram', existing: 'counter' })
    expect(metrics.collect().map((m) => m.kind)).toEqual(['counter'])
  })

  it('reports invalid options and uses the defaults', () => {
    const { metrics, errors } = testEngine()
    const c = metrics.counter('opts', { cardinalityLimit: -1, tagKeys: 'a' as never, windows: [0] })
    for (let i = 0; i < 3; i++) c.add(1, { i })
    expect(errors.map((e) => String(e.details.option)).sort()).toEqual([
      'cardinalityLimit',
      'tagKeys',
      'windows',
    ])
    expect(metrics.collect()[0]?.series).toHaveLength(3)
    metrics.counter('opts2', 'nonsense' as never)
    expect(errors).toHaveLength(4)
  })

  it('shutdown is safe without runtime metrics and twice', () => {
    const { metrics } = testEngine()
    metrics.shutdown()
    expect(() => metrics.shutdown()).not.toThrow()
  })
})
