import { createTelemetry, type MetricSnapshot } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { type FlattenOptions, flattenSeries } from './snapshotFlattener.ts'

function flat(metric: MetricSnapshot, options?: FlattenOptions) {
  const out: Array<[string, number, string, string]> = []
  for (const series of metric.series)
    flattenSeries(metric, series, (name, value, kind, part) => out.push([name, value, kind, part]), options)
  return out
}

function collect(record: (t: ReturnType<typeof createTelemetry>) => void): MetricSnapshot[] {
  const t = createTelemetry({ env: {} })
  record(t)
  return t.metrics.collect()
}

describe('flattenSeries', () => {
  it('sends a counter as one count value and a gauge as one gauge value', () => {
    const [counter, gauge] = collect((t) => {
      t.metrics.counter('orders').add(3)
      t.metrics.gauge('queue.depth').set(7)
    })
    expect(flat(counter!)).toEqual([['orders', 3, 'count', 'value']])
    expect(flat(gauge!)).toEqual([['queue.depth', 7, 'gauge', 'value']])
  })

  it('sends a histogram as count and sum deltas, then min, max and quantiles as levels', () => {
    const [histogram] = collect((t) => {
      const h = t.metrics.histogram('latency', { unit: 'ms' })
      h.record(10)
      h.record(30)
    })
    const values = flat(histogram!)
    expect(values.slice(0, 4)).toEqual([
      ['latency.count', 2, 'count', 'count'],
      ['latency.sum', 40, 'count', 'sum'],
      ['latency.min', 10, 'gauge', 'min'],
      ['latency.max', 30, 'gauge', 'max'],
    ])
    for (const [name, , kind, part] of values.slice(4)) {
      expect(name).toMatch(/^latency\.p\d/)
      expect([kind, part]).toEqual(['gauge', 'quantile'])
    }
  })

  it('adds the mean after the sum only when asked', () => {
    const [histogram] = collect((t) => {
      const h = t.metrics.histogram('latency')
      h.record(10)
      h.record(30)
    })
    expect(
      flat(histogram!, { average: true })
        .slice(0, 3)
        .map(([name, value]) => [name, value]),
    ).toEqual([
      ['latency.count', 2],
      ['latency.sum', 40],
      ['latency.avg', 20],
    ])
    expect(flat(histogram!).some(([name]) => name === 'latency.avg')).toBe(false)
  })

  it('sends nothing for a histogram without observations or a gauge without a value', () => {
    const base = { unit: '1', description: '', temporality: 'delta', monotonic: false } as const
    const series = { tags: {}, startTime: 0, time: 1 }
    expect(
      flat({
        ...base,
        name: 'h',
        kind: 'histogram',
        series: [
          { ...series, histogram: { count: 0, sum: 0, min: 0, max: 0, buckets: [], bounds: [] } as never },
        ],
      }),
    ).toEqual([])
    expect(flat({ ...base, name: 'g', kind: 'gauge', series: [series] })).toEqual([])
    expect(flat({ ...base, name: 'c', kind: 'counter', series: [series] })).toEqual([
      ['c', 0, 'count', 'value'],
    ])
  })

  it('sends a summary as its quantiles', () => {
    const base = { unit: '1', description: '', temporality: 'cumulative', monotonic: false } as const
    const summary = {
      count: 4,
      sum: 10,
      quantiles: [
        { quantile: 0.5, value: 2 },
        { quantile: 0.99, value: 4 },
      ],
    }
    expect(
      flat({ ...base, name: 's', kind: 'summary', series: [{ tags: {}, startTime: 0, time: 1, summary }] }),
    ).toEqual([
      ['s.p50', 2, 'gauge', 'quantile'],
      ['s.p99', 4, 'gauge', 'quantile'],
    ])
  })
})
