import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { testEngine } from './testDeps.ts'

const tagObject = fc.dictionary(
  fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  fc.oneof(fc.constantFrom('x', 'y', 'z'), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.constant(null)),
  { maxKeys: 5 },
)

describe('series table', () => {
  it('cardinality limits preserve totals: every add lands in exactly one series', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ tags: tagObject, value: fc.integer({ min: 0, max: 100 }) }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 20 }),
        (adds, limit) => {
          const { metrics } = testEngine()
          const c = metrics.counter('p', { cardinalityLimit: limit })
          let total = 0
          for (const { tags, value } of adds) {
            c.add(value, tags)
            total += value
          }
          const series = metrics.collect()[0]?.series ?? []
          expect(series.length).toBeLessThanOrEqual(limit + 1)
          expect(series.reduce((s, x) => s + (x.value ?? 0), 0)).toBe(total)
        },
      ),
    )
  })

  it('tag order never matters: any permutation of the same tags hits one series', () => {
    fc.assert(
      fc.property(tagObject, fc.integer({ min: 0, max: 1000 }), (tags, seed) => {
        const { metrics } = testEngine()
        const c = metrics.counter('perm')
        c.add(1, tags)
        const entries = Object.entries(tags)
        // A deterministic shuffle from the seed.
        const shuffled = entries
          .map(([k, v], i) => ({ k, v, r: (i * 7919 + seed) % 101 }))
          .sort((l, r) => l.r - r.r)
          .map(({ k, v }) => [k, v] as const)
        c.add(1, Object.fromEntries(shuffled))
        const series = metrics.collect()[0]?.series ?? []
        expect(series).toHaveLength(1)
        expect(series[0]?.value).toBe(2)
        const expected = Object.fromEntries(
          entries
            .filter(([, v]) => v !== null)
            .map(([k, v]) => [k, String(v)])
            .sort((l, r) => (l[0]! < r[0]! ? -1 : 1)),
        )
        expect(series[0]?.tags).toEqual(expected)
        expect(Object.keys(series[0]?.tags ?? {})).toEqual(Object.keys(expected))
      }),
    )
  })
})
