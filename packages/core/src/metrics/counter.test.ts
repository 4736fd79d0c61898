import { describe, expect, it } from 'vitest'
import { testEngine } from './testDeps.ts'

function seriesOf(snapshots: ReturnType<ReturnType<typeof testEngine>['metrics']['collect']>, name: string) {
  return snapshots.find((m) => m.name === name)?.series
}

describe('counter', () => {
  it('reads exactly 1 after adding 0.1 ten times', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('cost.total', { unit: 'USD' })
    for (let i = 0; i < 10; i++) c.add(0.1)
    expect(seriesOf(metrics.collect(), 'cost.total')?.[0]?.value).toBe(1)
  })

  it('lands bound and unbound adds, in any tag order, in one series', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('requests')
    const bound = c.bind({ method: 'GET', status: 200 })
    bound.add()
    bound.add(2)
    c.add(1, { status: 200, method: 'GET' })
    c.add(1, { method: 'GET', status: '200' })
    const series = seriesOf(metrics.collect(), 'requests')
    expect(series).toHaveLength(1)
    expect(series?.[0]?.tags).toEqual({ method: 'GET', status: '200' })
    expect(series?.[0]?.value).toBe(5)
  })

  it('stringifies values predictably and drops null and undefined tags', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('flags')
    c.add(1, { ok: true, n: 1.5, gone: undefined, nothing: null })
    c.add(1, { n: '1.5', ok: 'true' })
    const series = seriesOf(metrics.collect(), 'flags')
    expect(series).toHaveLength(1)
    expect(series?.[0]).toMatchObject({ tags: { n: '1.5', ok: 'true' }, value: 2 })
  })

  it('handles wide tag objects in any key order', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('wide')
    c.add(1, { a: 1, b: 2, c: 3, d: 4 })
    c.add(1, { d: 4, c: 3, b: 2, a: 1 })
    c.add(1, { b: 2, d: 4, a: 1, c: 3 })
    c.add(1, { a: 1, b: 2, c: 3, d: 5 })
    const series = seriesOf(metrics.collect(), 'wide')
    expect(series?.map((s) => s.value)).toEqual([3, 1])
    expect(series?.[0]?.tags).toEqual({ a: '1', b: '2', c: '3', d: '4' })
  })

  it('keeps one-tag and two-tag series with equal values apart by key', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('shapes')
    c.add(1, { a: 'x' })
    c.add(1, { b: 'x' })
    c.add(1, { a: 'x', b: 'y' })
    c.add(1, { a: 'x', c: 'y' })
    expect(seriesOf(metrics.collect(), 'shapes')).toHaveLength(4)
  })

  it('rejects negative, non-finite and non-number adds: reported, counted, never thrown', () => {
    const { metrics, errors } = testEngine()
    const c = metrics.counter('strict')
    const bound = c.bind()
    c.add(-1)
    c.add(Number.NaN)
    c.add(Number.POSITIVE_INFINITY)
    c.add('5' as unknown as number)
    bound.add(-2)
    c.add(2)
    expect(errors.map((e) => e.code)).toEqual(Array(5).fill('invalid_input'))
    expect(errors[0]?.details).toMatchObject({ metric: 'strict', kind: 'counter' })
    expect(metrics.stats().rejected).toBe(5)
    expect(seriesOf(metrics.collect(), 'strict')?.[0]?.value).toBe(2)
  })

  it('reports tags that are not objects and records without tags', () => {
    const { metrics, errors } = testEngine()
    const c = metrics.counter('bad.tags')
    c.add(1, 'method=GET' as never)
    c.add(1, ['GET'] as never)
    expect(errors).toHaveLength(2)
    expect(seriesOf(metrics.collect(), 'bad.tags')).toEqual([expect.objectContaining({ tags: {}, value: 2 })])
  })

  it('keeps only the declared tag keys', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('filtered', { tagKeys: ['route'] })
    c.add(1, { route: '/a', user_id: 'u1' })
    c.add(1, { user_id: 'u2', route: '/a' })
    expect(seriesOf(metrics.collect(), 'filtered')).toEqual([
      expect.objectContaining({ tags: { route: '/a' }, value: 2 }),
    ])
  })

  it('survives tag objects whose values throw on stringification', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('weird')
    c.add(1, { v: Object.create(null) as never })
    expect(seriesOf(metrics.collect(), 'weird')?.[0]?.tags).toEqual({ v: '[invalid]' })
  })
})

describe('up-down counter', () => {
  it('accepts negatives and rejects non-finite values', () => {
    const { metrics, errors } = testEngine()
    const u = metrics.upDownCounter('in_flight')
    u.add(3, { pool: 'a' })
    u.add(-1, { pool: 'a' })
    u.bind({ pool: 'a' }).add(-0.5)
    u.add(Number.NaN, { pool: 'a' })
    const snapshot = metrics.collect().find((m) => m.name === 'in_flight')
    expect(snapshot?.monotonic).toBe(false)
    expect(snapshot?.series[0]?.value).toBe(1.5)
    expect(errors).toHaveLength(1)
  })
})

describe('cardinality', () => {
  it('2500 distinct tag values give at most 2001 series whose sum is 2500', () => {
    const { metrics, errors } = testEngine()
    const c = metrics.counter('users.seen')
    for (let i = 0; i < 2500; i++) c.add(1, { user: `u${i}` })
    const series = metrics.collect().find((m) => m.name === 'users.seen')?.series ?? []
    expect(series.length).toBeLessThanOrEqual(2001)
    expect(series.reduce((sum, s) => sum + (s.value ?? 0), 0)).toBe(2500)
    const overflow = series.find((s) => s.tags['otel.metric.overflow'] === 'true')
    expect(overflow?.value).toBe(500)
    const dropped = errors.filter((e) => e.code === 'data_dropped')
    expect(dropped).toHaveLength(1)
    expect(dropped[0]?.details).toMatchObject({ metric: 'users.seen', limit: 2000 })
    expect(metrics.stats().overflowed).toBe(500)
  })

  it('reports the overflow again only after a collection (one report per episode)', () => {
    const { metrics, errors } = testEngine()
    const c = metrics.counter('small', { cardinalityLimit: 2 })
    for (let i = 0; i < 5; i++) c.add(1, { i })
    expect(errors.filter((e) => e.code === 'data_dropped')).toHaveLength(1)
    metrics.collect()
    c.add(1, { i: 99 })
    c.add(1, { i: 98 })
    expect(errors.filter((e) => e.code === 'data_dropped')).toHaveLength(2)
  })

  it('existing series keep receiving data past the limit', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('kept', { cardinalityLimit: 1 })
    c.add(1, { k: 'a' })
    c.add(1, { k: 'b' })
    c.add(1, { k: 'a' })
    const series = metrics.collect().find((m) => m.name === 'kept')?.series ?? []
    expect(series.map((s) => [s.tags, s.value])).toEqual([
      [{ k: 'a' }, 2],
      [{ 'otel.metric.overflow': 'true' }, 1],
    ])
  })
})
