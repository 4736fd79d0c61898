/**
 * Tags from hostile or unlucky callers: every string is a distinct tag value (NUL included),
 * every own key is a tag (`__proto__` and `constructor` included), huge values are bounded, and
 * a tag whose `toString` records into the same instrument does not corrupt the outer call.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_TAG_VALUE_LENGTH, TAG_TRUNCATED_MARKER } from './tagKey.ts'
import { testEngine } from './testDeps.ts'

const seriesOf = (metrics: ReturnType<typeof testEngine>['metrics'], name: string) =>
  metrics.collect().find((m) => m.name === name)?.series ?? []

/** Strings built from the characters that separators and encodings are made of. */
const nasty = fc.string({ unit: fc.constantFrom('\u0000', ':', '1', 'a', '\\', ';', ','), maxLength: 6 })

describe('hostile tags', () => {
  it('keeps tag sets apart when values contain NUL (three or more tags)', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('nul')
    c.add(1, { a: 'x\u0000y', b: 'z', c: 'w' })
    c.add(1, { a: 'x', b: 'y\u0000z', c: 'w' })
    const series = seriesOf(metrics, 'nul')
    expect(series.map((s) => s.tags)).toEqual([
      { a: 'x\u0000y', b: 'z', c: 'w' },
      { a: 'x', b: 'y\u0000z', c: 'w' },
    ])
  })

  it('series keys are injective: distinct tag values never share a series, and read back exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(nasty, nasty, nasty, nasty), {
          maxLength: 12,
          selector: (t) => JSON.stringify(t),
        }),
        fc.integer({ min: 1, max: 4 }),
        (tuples, width) => {
          const { metrics } = testEngine()
          const c = metrics.counter('inj')
          const keys = ['k1', 'k2', 'k3', 'k4'].slice(0, width)
          const expected = new Map<string, Record<string, string>>()
          for (const tuple of tuples) {
            const tags = Object.fromEntries(keys.map((k, i) => [k, tuple[i]!]))
            expected.set(JSON.stringify(tags), tags)
            c.add(1, tags)
          }
          const series = seriesOf(metrics, 'inj')
          expect(series).toHaveLength(expected.size)
          for (const s of series) expect(expected.get(JSON.stringify(s.tags))).toEqual(s.tags)
        },
      ),
      { seed: 6 },
    )
  })

  it('keeps tag key sets apart when key names contain NUL', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('nulkeys')
    c.add(1, { 'a\u0000b': '1', c: '2', d: '3' })
    c.add(1, { a: '1', 'b\u0000c': '2', d: '3' })
    expect(seriesOf(metrics, 'nulkeys').map((s) => Object.keys(s.tags))).toEqual([
      ['a\u0000b', 'c', 'd'],
      ['a', 'b\u0000c', 'd'],
    ])
  })

  it('treats an own __proto__ key as a tag like any other', () => {
    const { metrics } = testEngine()
    const c = metrics.counter('proto')
    c.add(1, JSON.parse('{"__proto__":"x"}'))
    c.add(1, JSON.parse('{"__proto__":"y","b":"1"}'))
    c.add(1, JSON.parse('{"__proto__":"z","b":"1","c":"2"}'))
    c.add(1, { constructor: 'k', toString: 'v' })
    const tags = seriesOf(metrics, 'proto').map((s) => s.tags)
    expect(tags.map((t) => Object.entries(t))).toEqual([
      [['__proto__', 'x']],
      [
        ['__proto__', 'y'],
        ['b', '1'],
      ],
      [
        ['__proto__', 'z'],
        ['b', '1'],
        ['c', '2'],
      ],
      [
        ['constructor', 'k'],
        ['toString', 'v'],
      ],
    ])
    for (const t of tags) expect(Object.getPrototypeOf(t)).toBe(Object.prototype)
  })

  it('bounds tag values: a 1 MB value is truncated with a marker and reported once per instrument', () => {
    const { metrics, errors } = testEngine()
    const c = metrics.counter('big')
    const h = metrics.histogram('bigh')
    for (let i = 0; i < 5; i++) {
      const huge = String(i).repeat(1_000_000)
      c.add(1, { v: huge })
      c.add(1, { v: huge, w: 'x' })
      c.add(1, { v: huge, w: 'x', z: huge })
      h.record(1, { v: huge })
      c.bind({ v: huge }).add()
    }
    for (const s of [...seriesOf(metrics, 'big'), ...seriesOf(metrics, 'bigh')]) {
      for (const value of Object.values(s.tags)) {
        expect(value.length).toBeLessThanOrEqual(MAX_TAG_VALUE_LENGTH)
        if (value !== 'x') expect(value.endsWith(TAG_TRUNCATED_MARKER)).toBe(true)
      }
    }
    expect(seriesOf(metrics, 'big')).toHaveLength(15)
    // The same long value lands in the same series every time.
    expect(seriesOf(metrics, 'big').find((s) => Object.keys(s.tags).length === 1)?.value).toBe(2)
    const truncations = errors.filter((e) => e.details.reason === 'tag_value_too_long')
    expect(truncations.map((e) => e.details.metric)).toEqual(['big', 'bigh'])
  })

  it('a tag whose toString records into the same instrument leaves the outer call intact', () => {
    for (const width of [1, 2, 3, 4]) {
      const { metrics } = testEngine()
      const c = metrics.counter('reenter')
      let depth = 0
      const sneaky = {
        toString() {
          if (depth++ === 0) c.add(100, { p: 'inner', q: 'inner', r: 'inner', s: 'inner', t: 'inner' })
          return 'outer'
        },
      }
      const tags: Record<string, string> = { a: sneaky as unknown as string }
      for (const k of ['b', 'c', 'd'].slice(0, width - 1)) tags[k] = 'v'
      c.add(1, tags)
      c.add(1, tags)
      const series = seriesOf(metrics, 'reenter')
      const outer = series.find((s) => s.tags.a === 'outer')
      expect(outer?.value, `width ${width}`).toBe(2)
      expect(Object.keys(outer?.tags ?? {}).sort()).toEqual(Object.keys(tags).sort())
      expect(series.find((s) => s.tags.p === 'inner')?.value).toBe(100)
    }
  })
})
