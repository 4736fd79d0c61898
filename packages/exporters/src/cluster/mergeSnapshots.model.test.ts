import type { MetricSnapshot, SeriesSnapshot } from '@foundation-telemetry/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createReferenceMerger, type MergeOptions } from '../../test/referenceMerger.ts'
import { createSnapshotMerger } from './mergeSnapshots.ts'

const KINDS = ['counter', 'updowncounter', 'gauge', 'histogram', 'summary'] as const
const POLICIES = ['per_worker', 'sum', 'min', 'max', 'avg', 'last'] as const
const LAYOUTS: ReadonlyArray<readonly number[]> = [[10, 100], [5]]

/** Tags in any key order (the merger must tell `{a,b}` from `{b,a}` as JSON does), sometimes `worker`. */
const tags = fc
  .uniqueArray(fc.constantFrom('x', 'y', 'le', 'worker', '__proto__'), { maxLength: 3 })
  .chain((keys) =>
    fc.tuple(...keys.map(() => fc.constantFrom('p', 'q', '', 'a"b'))).map((values) => {
      const out: Record<string, string> = {}
      keys.forEach((key, i) => {
        Object.defineProperty(out, key, { value: values[i], enumerable: true, writable: true })
      })
      return out
    }),
  )

const series: fc.Arbitrary<SeriesSnapshot> = fc
  .record({
    tags,
    startTime: fc.integer({ min: 0, max: 3 }),
    time: fc.integer({ min: 0, max: 9 }),
    value: fc.option(fc.integer({ min: -5, max: 50 }), { nil: undefined }),
    layout: fc.option(fc.constantFrom(...LAYOUTS), { nil: undefined }),
    counts: fc.array(fc.nat(9), { minLength: 3, maxLength: 3 }),
    extremes: fc.tuple(fc.integer({ min: -9, max: 9 }), fc.nat(9)),
    summary: fc.boolean(),
  })
  .map(({ tags, startTime, time, value, layout, counts, extremes, summary }) => {
    const out: SeriesSnapshot = { tags, startTime, time }
    if (value !== undefined) out.value = value
    if (layout !== undefined) {
      const own = counts.slice(0, layout.length + 1)
      const count = own.reduce((a, b) => a + b, 0)
      out.histogram = {
        bounds: layout,
        counts: own,
        sum: count * 3,
        count,
        min: extremes[0],
        max: extremes[0] + extremes[1],
      }
    }
    if (summary) out.summary = { quantiles: [{ quantile: 0.5, value: 2 }], sum: 4, count: 2 }
    return out
  })

const metric: fc.Arbitrary<MetricSnapshot> = fc
  .record({
    name: fc.constantFrom('a', 'b', 'c'),
    kind: fc.constantFrom(...KINDS),
    series: fc.array(series, { maxLength: 6 }),
  })
  .map(({ name, kind, series }) => ({
    name,
    kind,
    unit: '1',
    description: name,
    temporality: 'cumulative',
    monotonic: kind === 'counter',
    series,
  }))

const collection = fc.array(
  fc.record({ worker: fc.constantFrom('1', '2', '3'), snapshots: fc.array(metric, { maxLength: 3 }) }),
  { maxLength: 4 },
)

const options: fc.Arbitrary<MergeOptions> = fc.record(
  {
    gauges: fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.constantFrom(...POLICIES)),
    defaultGaugePolicy: fc.constantFrom(...POLICIES),
    workerLabel: fc.constantFrom('worker', 'slot'),
  },
  { requiredKeys: [] },
)

function deepFreeze<TValue>(value: TValue): TValue {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}

describe('cluster merging, against the model merger', () => {
  it('property: any sequence of collections merges to what the model gives, never writing the input', () => {
    fc.assert(
      fc.property(options, fc.array(collection, { minLength: 1, maxLength: 5 }), (opts, rounds) => {
        const merger = createSnapshotMerger(opts)
        const model = createReferenceMerger(opts)
        for (const round of rounds) {
          // Frozen: a merger that added into a worker's own series would throw, and merge to nothing.
          deepFreeze(round)
          expect(merger.merge(round)).toEqual(model.merge(round))
        }
      }),
      { numRuns: 500 },
    )
  })

  it('property: the same series collected again and again merges to the same result', () => {
    fc.assert(
      fc.property(options, collection, (opts, round) => {
        deepFreeze(round)
        const merger = createSnapshotMerger(opts)
        const model = createReferenceMerger(opts)
        for (let i = 0; i < 3; i++) expect(merger.merge(round)).toEqual(model.merge(round))
      }),
    )
  })

  it('tells tag sets apart exactly as their JSON text does, whatever the values', () => {
    const odd = [
      { worker: '1', snapshots: [counter([{ a: 'x' }, { a: 1 }, { a: undefined, b: 'y' }, { b: 'y' }])] },
      { worker: '2', snapshots: [counter([{ b: 'y' }, null, ['x'], { 0: 'x' }, { a: 1 }])] },
    ] as unknown as Parameters<ReturnType<typeof createSnapshotMerger>['merge']>[0]
    expect(createSnapshotMerger().merge(odd)).toEqual(createReferenceMerger().merge(odd))
  })
})

function counter(tagSets: unknown[]): MetricSnapshot {
  return {
    name: 'odd',
    kind: 'counter',
    unit: '1',
    description: 'odd',
    temporality: 'cumulative',
    monotonic: true,
    series: tagSets.map((tags, i) => ({ tags, startTime: 0, time: 1, value: i + 1 }) as SeriesSnapshot),
  }
}
