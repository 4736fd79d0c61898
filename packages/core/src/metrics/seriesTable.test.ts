import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type TestEngine, testEngine } from './testDeps.ts'
import type { Tags } from './types.ts'

const tagObject = fc.dictionary(
  fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  fc.oneof(fc.constantFrom('x', 'y', 'z'), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.constant(null)),
  { maxKeys: 5 },
)

/** The model: count one add under its series id, the kept tags as [key, text] pairs sorted by key. */
function countIn(
  model: Map<string, number>,
  tags: Tags,
  keep: (key: string, value: Tags[string]) => boolean,
): void {
  const canonical = Object.entries(tags)
    .filter(([k, v]) => keep(k, v))
    .map(([k, v]) => [k, String(v)] as const)
    .sort((l, r) => (l[0] < r[0] ? -1 : 1))
  const id = JSON.stringify(canonical)
  model.set(id, (model.get(id) ?? 0) + 1)
}

/** The engine's only metric as the model sees it: series id (its tags in order) to value. */
function collectedById(metrics: TestEngine['metrics']): Map<string, number | undefined> {
  const series = metrics.collect()[0]?.series ?? []
  return new Map(series.map((x) => [JSON.stringify(Object.entries(x.tags)), x.value]))
}

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

  it('matches a model over a sequence of adds that reuse and mutate tag objects between calls', () => {
    const key = fc.constantFrom('a', 'b', 'c')
    const val = fc.oneof(
      fc.constantFrom('x', 'y'),
      fc.integer({ min: 0, max: 2 }),
      fc.constant(null),
      fc.constant(undefined),
    )
    const step = fc.oneof(
      fc.record({ op: fc.constant('add' as const), slot: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ op: fc.constant('set' as const), slot: fc.integer({ min: 0, max: 2 }), key, val }),
      fc.record({ op: fc.constant('delete' as const), slot: fc.integer({ min: 0, max: 2 }), key }),
      fc.record({ op: fc.constant('fresh' as const), slot: fc.integer({ min: 0, max: 2 }), key, val }),
    )
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 120, size: 'max' }), (steps) => {
        const { metrics } = testEngine()
        const c = metrics.counter('model')
        const slots: Tags[] = [{ a: 'x', b: 'y' }, { b: 'x', a: 'y' }, { a: 1 }]
        const model = new Map<string, number>()
        for (const s of steps) {
          const tags = slots[s.slot]!
          if (s.op === 'set') tags[s.key] = s.val
          else if (s.op === 'delete') delete tags[s.key]
          else if (s.op === 'fresh') slots[s.slot] = { [s.key]: s.val }
          else {
            c.add(1, tags)
            countIn(model, tags, (_, v) => v !== null && v !== undefined)
          }
        }
        expect(collectedById(metrics)).toEqual(model)
      }),
      { numRuns: 300 },
    )
  })

  it('declared tag keys and the recent-lookup cache agree with a model, colliding slots included', () => {
    // Few distinct lengths and last characters: many pairs share a cache slot and evict each other.
    const pool = ['', 'A', 'B', 'q0', 'r0', 's0', 'xa', 'ba', 'aaa', 'aba']
    const value = fc.oneof(
      fc.constantFrom(...pool),
      // The same text as a different string object, built at run time.
      fc.constantFrom(...pool).map((v) => [...v].join('')),
      fc.integer({ min: 0, max: 3 }),
      fc.constant(undefined),
    )
    const tags = fc.record({ a: value, b: value, c: value, d: value, e: value }, { requiredKeys: [] })
    const declared = fc.option(
      fc.uniqueArray(fc.constantFrom<string>('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 5 }),
      {
        nil: undefined,
      },
    )
    fc.assert(
      fc.property(
        declared,
        fc.array(tags, { minLength: 40, maxLength: 150, size: 'max' }),
        (tagKeys, calls) => {
          const { metrics } = testEngine()
          const c = metrics.counter('cached', tagKeys === undefined ? {} : { tagKeys })
          const model = new Map<string, number>()
          for (const call of calls) {
            c.add(1, call)
            countIn(model, call, (k, v) => v !== undefined && (tagKeys === undefined || tagKeys.includes(k)))
          }
          expect(collectedById(metrics)).toEqual(model)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('never reads a declared key that a tag object only inherits (constructor, toString)', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('inherited', { tagKeys: ['constructor', 'route'] })
    c.add(1, { route: '/a' })
    c.add(1, { route: '/a', constructor: 'x' })
    const series = metrics.collect()[0]?.series ?? []
    expect(series.map((s) => [s.tags, s.value])).toEqual([
      [{ route: '/a' }, 1],
      [{ constructor: 'x', route: '/a' }, 1],
    ])
  })
})
