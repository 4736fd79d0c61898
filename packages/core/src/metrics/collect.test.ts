import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { testEngine } from './testDeps.ts'

/**
 * Feed one counter `intervals` of adds, collecting a delta after each interval as an exporter
 * would; `check` runs after each interval with the running sum of the deltas and a reader of the
 * cumulative total. Returns the same two at the end.
 */
function sumDeltas(
  intervals: number[][],
  check: (sumOfDeltas: number, cumulative: () => number) => void = () => {},
): { sumOfDeltas: number; cumulative: () => number } {
  const { metrics } = testEngine()
  const c = metrics.counter('summed')
  const cumulative = () => metrics.collect()[0]?.series[0]?.value ?? 0
  let sumOfDeltas = 0
  for (const adds of intervals) {
    for (const v of adds) c.add(v)
    sumOfDeltas += metrics.collect({ temporality: 'delta' })[0]?.series[0]?.value ?? 0
    check(sumOfDeltas, cumulative)
  }
  return { sumOfDeltas, cumulative }
}

describe('collect', () => {
  it('describes each metric: kind, unit, description, temporality, monotonic', () => {
    const { metrics } = testEngine([
      {
        name: 'foundation.registry.lookup',
        kind: 'counter',
        unit: '{lookup}',
        description: 'Registry lookups.',
        tagKeys: [],
      },
    ])
    metrics.counter('foundation.registry.lookup').add()
    metrics.histogram('x.duration', { unit: 'ms', description: 'X.' }).record(1)
    const [c, h] = metrics.collect()
    expect(c).toMatchObject({
      name: 'foundation.registry.lookup',
      kind: 'counter',
      unit: '{lookup}',
      description: 'Registry lookups.',
      temporality: 'cumulative',
      monotonic: true,
    })
    expect(h).toMatchObject({ kind: 'histogram', unit: 'ms', description: 'X.', monotonic: false })
  })

  it('stamps series with their creation time and the collection time', () => {
    const { metrics, clock } = testEngine()
    const c = metrics.counter('c')
    const created = clock.now()
    c.add(1, { a: 1 })
    clock.advance(1000)
    c.add(1, { a: 2 })
    clock.advance(1000)
    const series = metrics.collect()[0]?.series ?? []
    expect(series.map((s) => s.startTime)).toEqual([created, created + 1000])
    expect(series.every((s) => s.time === clock.now())).toBe(true)
  })

  it('gives each delta reader the change since its own previous collection', () => {
    const { metrics, clock } = testEngine()
    const c = metrics.counter('deltas')
    const start = clock.now()
    c.add(5)
    expect(metrics.collect({ temporality: 'delta', reader: 'otlp' })[0]).toMatchObject({
      temporality: 'delta',
      series: [{ value: 5, startTime: start }],
    })
    clock.advance(10_000)
    const firstOtlp = clock.now()
    c.add(2)
    clock.advance(10_000)
    c.add(3)
    expect(metrics.collect({ temporality: 'delta', reader: 'statsd' })[0]?.series[0]?.value).toBe(10)
    // No change since the statsd read: the series is left out.
    expect(metrics.collect({ temporality: 'delta', reader: 'statsd' })[0]?.series).toEqual([])
    expect(metrics.collect({ temporality: 'delta', reader: 'otlp' })[0]?.series[0]).toMatchObject({
      value: 5,
    })
    expect(metrics.collect()[0]?.series[0]?.value).toBe(10)
    expect(firstOtlp).toBeGreaterThan(start)
  })

  it('delta start time is the previous collection by that reader', () => {
    const { metrics, clock } = testEngine()
    const c = metrics.counter('t')
    c.add(1)
    metrics.collect({ temporality: 'delta' })
    const previous = clock.now()
    clock.advance(5000)
    c.add(1)
    expect(metrics.collect({ temporality: 'delta' })[0]?.series[0]).toMatchObject({
      startTime: previous,
      time: previous + 5000,
    })
  })

  it('histogram deltas: bucket counts, count and sum of the interval', () => {
    const { metrics } = testEngine()
    const h = metrics.histogram('hd', { buckets: [1, 10] })
    h.record(0.5)
    h.record(5)
    metrics.collect({ temporality: 'delta' })
    h.record(50)
    h.record(5)
    const data = metrics.collect({ temporality: 'delta' })[0]?.series[0]?.histogram
    expect(data).toMatchObject({ counts: [0, 1, 1], count: 2, sum: 55 })
    expect(metrics.collect()[0]?.series[0]?.histogram).toMatchObject({
      counts: [1, 2, 1],
      count: 4,
      sum: 60.5,
    })
  })

  it('summary deltas give interval sum and count with current window quantiles', () => {
    const { metrics } = testEngine()
    const s = metrics.summary('sd', { quantiles: [0.5] })
    s.record(2)
    metrics.collect({ temporality: 'delta' })
    s.record(4)
    const data = metrics.collect({ temporality: 'delta' })[0]?.series[0]?.summary
    expect(data).toMatchObject({ count: 1, sum: 4 })
  })

  it('gauges stay cumulative under a delta reader', () => {
    const { metrics } = testEngine()
    metrics.gauge('g').set(4)
    metrics.collect({ temporality: 'delta' })
    expect(metrics.collect({ temporality: 'delta' })[0]).toMatchObject({
      temporality: 'cumulative',
      series: [{ value: 4 }],
    })
  })

  it('integer deltas, added in order, reproduce the cumulative total exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 1e9 }), { maxLength: 20 }), {
          minLength: 1,
          maxLength: 20,
        }),
        (intervals) => {
          const { sumOfDeltas, cumulative } = sumDeltas(intervals)
          expect(sumOfDeltas).toBe(cumulative())
        },
      ),
    )
  })

  it('float deltas track the cumulative total to the last bit, and rounding never accumulates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 10 }), {
          minLength: 1,
          maxLength: 60,
        }),
        (intervals) => {
          sumDeltas(intervals, (sumOfDeltas, cumulative) => {
            const total = cumulative()
            // Equal, or one ulp off on a rounding tie that the next delta corrects.
            expect(Math.abs(sumOfDeltas - total)).toBeLessThanOrEqual(total * Number.EPSILON)
          })
        },
      ),
    )
  })

  it('reports a bad temporality and collects cumulatively', () => {
    const { metrics, errors } = testEngine()
    metrics.counter('c').add(1)
    expect(metrics.collect({ temporality: 'weekly' as never })[0]?.temporality).toBe('cumulative')
    expect(errors).toHaveLength(1)
  })
})
