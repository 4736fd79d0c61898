import type { MetricSnapshot, SeriesSnapshot } from '@foundation-telemetry/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSnapshotMerger } from './mergeSnapshots.ts'

const series = (tags: Record<string, string>, fields: Partial<SeriesSnapshot>): SeriesSnapshot => ({
  tags,
  startTime: 1000,
  time: 2000,
  ...fields,
})
const metric = (
  name: string,
  kind: MetricSnapshot['kind'],
  list: SeriesSnapshot[],
  unit = '1',
): MetricSnapshot => ({
  name,
  kind,
  unit,
  description: name,
  temporality: 'cumulative',
  monotonic: kind === 'counter',
  series: list,
})
const histogram = (counts: number[], sum: number, min: number, max: number) => ({
  bounds: [10, 100],
  counts,
  sum,
  count: counts.reduce((a, b) => a + b, 0),
  min,
  max,
})

describe('cluster snapshot merging', () => {
  it('sums counters per series and keeps series only one worker has', () => {
    const merged = createSnapshotMerger().merge([
      { worker: '1', snapshots: [metric('req', 'counter', [series({ r: 'a' }, { value: 3 })])] },
      {
        worker: '2',
        snapshots: [
          metric('req', 'counter', [series({ r: 'a' }, { value: 4 }), series({ r: 'b' }, { value: 1 })]),
        ],
      },
    ])
    expect(merged[0]?.series.map((s) => [s.tags.r, s.value])).toEqual([
      ['a', 7],
      ['b', 1],
    ])
  })

  it('merges histograms bucket by bucket with sum, count, min and max', () => {
    const merged = createSnapshotMerger().merge([
      {
        worker: '1',
        snapshots: [metric('lat', 'histogram', [series({}, { histogram: histogram([1, 2, 0], 60, 5, 50) })])],
      },
      {
        worker: '2',
        snapshots: [
          metric('lat', 'histogram', [series({}, { histogram: histogram([0, 1, 3], 900, 20, 400) })]),
        ],
      },
    ])
    expect(merged[0]?.series[0]?.histogram).toEqual({
      bounds: [10, 100],
      counts: [1, 3, 3],
      sum: 960,
      count: 7,
      min: 5,
      max: 400,
    })
  })

  it('combines gauges by their declared policy, per worker by default', () => {
    const workers = [
      {
        worker: '1',
        snapshots: [
          metric('conns', 'gauge', [series({}, { value: 3 })]),
          metric('heap', 'gauge', [series({}, { value: 10 })]),
        ],
      },
      {
        worker: '2',
        snapshots: [
          metric('conns', 'gauge', [series({}, { value: 5 })]),
          metric('heap', 'gauge', [series({}, { value: 30 })]),
        ],
      },
    ]
    const merged = createSnapshotMerger({ gauges: { conns: 'sum' } }).merge(workers)
    expect(merged.find((m) => m.name === 'conns')?.series.map((s) => s.value)).toEqual([8])
    expect(merged.find((m) => m.name === 'heap')?.series.map((s) => [s.tags.worker, s.value])).toEqual([
      ['1', 10],
      ['2', 30],
    ])
    for (const [policy, expected] of [
      ['min', 3],
      ['max', 5],
      ['avg', 4],
      ['last', 5],
    ] as const) {
      const one = createSnapshotMerger({ defaultGaugePolicy: policy }).merge(workers)
      expect(one.find((m) => m.name === 'conns')?.series[0]?.value).toBe(expected)
    }
  })

  it('keeps summaries per worker, since quantiles of different processes cannot be combined', () => {
    const summary = { quantiles: [{ quantile: 0.5, value: 2 }], sum: 10, count: 5 }
    const merged = createSnapshotMerger().merge([
      { worker: '1', snapshots: [metric('s', 'summary', [series({ op: 'x' }, { summary })])] },
      { worker: '2', snapshots: [metric('s', 'summary', [series({ op: 'x' }, { summary })])] },
    ])
    expect(merged[0]?.series.map((s) => s.tags)).toEqual([
      { op: 'x', worker: '1' },
      { op: 'x', worker: '2' },
    ])
  })

  it('a restarted worker never makes a cluster counter or histogram go down', () => {
    const merger = createSnapshotMerger()
    const at = (a: number, b: number, h: number[]) => [
      {
        worker: '1',
        snapshots: [
          metric('req', 'counter', [series({}, { value: a })]),
          metric('lat', 'histogram', [series({}, { histogram: histogram(h, h[0]! * 5, 5, 5) })]),
        ],
      },
      { worker: '2', snapshots: [metric('req', 'counter', [series({}, { value: b })])] },
    ]
    expect(merger.merge(at(10, 5, [4, 0, 0]))[0]?.series[0]?.value).toBe(15)
    // Worker 1 restarted: its counter starts again from 2.
    const after = merger.merge(at(2, 6, [1, 0, 0]))
    expect(after[0]?.series[0]?.value).toBe(18)
    expect(after[1]?.series[0]?.histogram?.counts).toEqual([5, 0, 0])
    expect(after[1]?.series[0]?.histogram?.count).toBe(5)
  })

  it('an up-down counter that goes down is summed as it is now, not taken for a restart', () => {
    const merger = createSnapshotMerger()
    const at = (a: number, b: number, startTime = 1000) => [
      { worker: '1', snapshots: [metric('open', 'updowncounter', [series({}, { value: a, startTime })])] },
      { worker: '2', snapshots: [metric('open', 'updowncounter', [series({}, { value: b })])] },
    ]
    expect(merger.merge(at(10, 5))[0]?.series[0]?.value).toBe(15)
    // Worker 1 closed 7 of its 10: the cluster has 3 + 5 open, not 13 + 5.
    expect(merger.merge(at(3, 5))[0]?.series[0]?.value).toBe(8)
    expect(merger.merge(at(-2, 5))[0]?.series[0]?.value).toBe(3)
    // A process that really restarted (its series started later) still carries the old count on.
    expect(merger.merge(at(1, 5, 2000))[0]?.series[0]?.value).toBe(4)
  })

  it('property: the merged counter is the sum of everything every process of every slot counted', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.record({ add: fc.nat(50), restart: fc.boolean() }), { minLength: 3, maxLength: 3 }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        (rounds) => {
          const merger = createSnapshotMerger()
          const current = [0, 0, 0]
          const started = [1, 1, 1]
          let total = 0
          for (const [round, steps] of rounds.entries()) {
            steps.forEach((step, i) => {
              // A restart loses the process's count but not the cluster's: the new process starts
              // at 0, and its series start later.
              if (step.restart) {
                current[i] = 0
                started[i] = 100 + round
              }
              current[i]! += step.add
              total += step.add
            })
            const merged = merger.merge(
              current.map((value, i) => ({
                worker: String(i),
                snapshots: [metric('c', 'counter', [series({}, { value, startTime: started[i]! })])],
              })),
            )
            expect(merged[0]?.series[0]?.value).toBe(total)
          }
        },
      ),
    )
  })
})
