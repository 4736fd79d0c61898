import { describe, expect, it } from 'vitest'
import type { TelemetryError } from '../errors.ts'
import { testEngine } from './testDeps.ts'

describe('gauge', () => {
  it('keeps the last value per series and exports only series that were set', () => {
    const { metrics } = testEngine()
    const g = metrics.gauge('queue.depth', { unit: '{item}' })
    g.set(3, { queue: 'a' })
    g.set(7, { queue: 'a' })
    g.bind({ queue: 'b' })
    g.bind({ queue: 'c' }).set(-2)
    const snapshot = metrics.collect().find((m) => m.name === 'queue.depth')
    expect(snapshot?.kind).toBe('gauge')
    expect(snapshot?.series.map((s) => [s.tags, s.value])).toEqual([
      [{ queue: 'a' }, 7],
      [{ queue: 'c' }, -2],
    ])
  })

  it('rejects non-finite values', () => {
    const { metrics, errors } = testEngine()
    const g = metrics.gauge('g')
    g.set(Number.NaN)
    g.bind().set(Number.NEGATIVE_INFINITY)
    expect(errors).toHaveLength(2)
    expect(metrics.collect()[0]?.series).toEqual([])
  })

  it('reads callback gauges at collection; series no longer observed disappear', () => {
    const { metrics } = testEngine()
    let pools = [
      { name: 'a', size: 2 },
      { name: 'b', size: 5 },
    ]
    metrics.gauge('pool.size', {
      callback: (observe) => {
        for (const p of pools) observe(p.size, { pool: p.name })
      },
    })
    expect(metrics.collect()[0]?.series.map((s) => s.value)).toEqual([2, 5])
    pools = [{ name: 'b', size: 6 }]
    expect(metrics.collect()[0]?.series.map((s) => [s.tags.pool, s.value])).toEqual([['b', 6]])
  })

  it('reports a throwing callback and keeps what it observed before throwing', () => {
    const { metrics, errors } = testEngine()
    metrics.gauge('flaky', {
      callback: (observe) => {
        observe(1, { part: 'first' })
        throw new Error('boom')
      },
    })
    const series = metrics.collect()[0]?.series
    expect(series?.map((s) => s.value)).toEqual([1])
    expect(errors[0]?.code).toBe('handler_failure')
    expect(errors[0]?.details).toMatchObject({ metric: 'flaky' })
  })

  it('reports an async callback that rejects instead of leaving an unhandled rejection', async () => {
    let reported: (error: TelemetryError) => void = () => {}
    const failure = new Promise<TelemetryError>((resolve) => {
      reported = resolve
    })
    const { metrics } = testEngine([], { reportError: (error) => reported(error) })
    metrics.gauge('queue.depth', {
      callback: async () => {
        throw new Error('backend down')
      },
    })
    expect(metrics.collect()[0]?.series).toEqual([])
    const error = await failure
    expect(error.code).toBe('handler_failure')
    expect(error.message).toContain('backend down')
  })
})
