import { describe, expect, it } from 'vitest'
import { testEngine } from './testDeps.ts'

describe('windowStats / windowRatio', () => {
  it('answers rate, sum, count, mean, min, max and quantiles over declared windows', () => {
    const { metrics, clock } = testEngine()
    const h = metrics.histogram('rpc.duration', { unit: 'ms', windows: [60_000, 300_000] })
    for (let i = 1; i <= 100; i++) h.record(i, { rpc: 'get' })
    clock.advance(120_000)
    for (let i = 1; i <= 60; i++) h.record(1000, { rpc: 'get' })
    const oneMinute = metrics.windowStats('rpc.duration', 60_000, { rpc: 'get' })
    expect(oneMinute).toMatchObject({ count: 60, sum: 60_000, mean: 1000, min: 1000, max: 1000, rate: 1 })
    const fiveMinutes = metrics.windowStats('rpc.duration', 300_000, { rpc: 'get' })
    expect(fiveMinutes).toMatchObject({ count: 160, sum: 65_050, min: 1, max: 1000 })
    expect(Math.abs((fiveMinutes?.quantile(0.25) ?? 0) - 40) / 40).toBeLessThanOrEqual(0.01)
  })

  it('merges every series of the instrument when no tags are given', () => {
    const { metrics, clock } = testEngine()
    const c = metrics.counter('jobs', { windows: [60_000] })
    c.add(2, { queue: 'a' })
    c.add(3, { queue: 'b' })
    clock.advance(10_000)
    expect(metrics.windowStats('jobs', 60_000)).toMatchObject({ sum: 5, count: 2, rate: 0.5 })
  })

  it('starts a window on first request and counts only what follows', () => {
    const { metrics, clock } = testEngine()
    const c = metrics.counter('late')
    c.add(10)
    expect(metrics.windowStats('late', 60_000)?.sum).toBe(0)
    c.add(1)
    c.add(1, { other: 'series' })
    clock.advance(1000)
    expect(metrics.windowStats('late', 60_000)?.sum).toBe(2)
    clock.advance(60_000)
    expect(metrics.windowStats('late', 60_000)?.count).toBe(0)
  })

  it('a tagged request tracks just that series', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('per.series')
    c.add(1, { route: '/a' })
    expect(metrics.windowStats('per.series', 60_000, { route: '/a' })?.sum).toBe(0)
    c.add(2, { route: '/a' })
    c.add(5, { route: '/b' })
    expect(metrics.windowStats('per.series', 60_000, { route: '/a' })?.sum).toBe(2)
  })

  it('a query never creates the series it asks about', () => {
    const { metrics, errors } = testEngine()
    const h = metrics.histogram('queried', { windows: [60_000] })
    h.record(4, { route: '/known', method: 'GET' })
    const seriesCount = () => metrics.collect().find((m) => m.name === 'queried')?.series.length ?? Number.NaN
    const before = seriesCount()
    expect(before).toBe(1)
    for (let i = 0; i < 3000; i++) {
      const stats = metrics.windowStats('queried', 60_000, { route: `/r${i}`, method: 'GET' })
      expect(stats?.count).toBe(0)
    }
    // One, two and three tags, and no tags at all, on shapes the table has never seen.
    expect(metrics.windowStats('queried', 60_000, { a: '1' })?.count).toBe(0)
    expect(metrics.windowStats('queried', 60_000, { a: '1', b: 2, c: true })?.count).toBe(0)
    expect(metrics.windowStats('queried', 60_000, {})?.count).toBe(0)
    expect(seriesCount()).toBe(before)
    expect(metrics.stats().overflowed).toBe(0)
    expect(errors).toEqual([])
    // The existing series still answers, whatever the tag order.
    expect(metrics.windowStats('queried', 60_000, { method: 'GET', route: '/known' })).toMatchObject({
      count: 1,
      sum: 4,
    })
  })

  it('a query finds series of declared tag keys the way recording does', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('declared', { tagKeys: ['agent', 'action'], windows: [60_000] })
    c.add(3, { agent: 'a1', action: 'run', ignored: 'x' })
    c.add(4, { agent: 'a1' })
    expect(metrics.windowStats('declared', 60_000, { action: 'run', agent: 'a1', other: 'y' })?.sum).toBe(3)
    expect(metrics.windowStats('declared', 60_000, { agent: 'a1', action: undefined })?.sum).toBe(4)
    expect(metrics.windowStats('declared', 60_000, { agent: 'a2', action: 'run' })?.sum).toBe(0)
    expect(metrics.collect().find((m) => m.name === 'declared')?.series).toHaveLength(2)
  })

  it('empty windows: NaN mean, min, max and quantiles; undefined for unknown names', () => {
    const { metrics } = testEngine()
    metrics.histogram('empty')
    const stats = metrics.windowStats('empty', 60_000)
    expect(stats?.count).toBe(0)
    expect(stats?.rate).toBe(0)
    expect(stats?.mean).toBeNaN()
    expect(stats?.min).toBeNaN()
    expect(stats?.quantile(0.5)).toBeNaN()
    expect(metrics.windowStats('nope', 60_000)).toBeUndefined()
  })

  it('ratio of two counters over a window; NaN on a zero denominator', () => {
    const { metrics, clock } = testEngine()
    const failures = metrics.counter('calls.failed', { windows: [60_000] })
    const calls = metrics.counter('calls.total', { windows: [60_000] })
    expect(metrics.windowRatio('calls.failed', 'calls.total', 60_000)).toBeNaN()
    for (let i = 0; i < 40; i++) {
      calls.add()
      if (i % 4 === 0) failures.add()
      clock.advance(1000)
    }
    expect(metrics.windowRatio('calls.failed', 'calls.total', 60_000)).toBe(0.25)
    expect(metrics.windowRatio('calls.failed', 'missing', 60_000)).toBeNaN()
  })

  it('reports invalid windows and too many window lengths', () => {
    const { metrics, errors } = testEngine()
    metrics.counter('w')
    expect(metrics.windowStats('w', -5)).toBeUndefined()
    for (let i = 1; i <= 9; i++) metrics.windowStats('w', i * 1000)
    expect(metrics.windowStats('w', 10_000)).toBeUndefined()
    expect(errors.length).toBeGreaterThanOrEqual(2)
    expect(errors.every((e) => e.code === 'invalid_input')).toBe(true)
  })
})
