import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KeyedWindow } from './keyedWindow.ts'

describe('KeyedWindow', () => {
  it('matches a model that keeps every value and its bucket, for any sequence of adds and reads', () => {
    const window = 60_000
    const buckets = 6
    const width = window / buckets
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('add' as const),
        key: fc.constantFrom('a', 'b', 'c'),
        value: fc.integer({ min: 0, max: 9 }),
      }),
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
    )
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const subject = new KeyedWindow({ window, buckets })
        const model: Array<{ key: string; value: number; epoch: number }> = []
        let now = 1_000_000
        for (const s of steps) {
          if (s.kind === 'add') {
            subject.add(s.key, s.value, now)
            model.push({ key: s.key, value: s.value, epoch: Math.floor(now / width) })
          } else {
            now += s.ms
          }
          // The window holds the current bucket and the buckets - 1 before it.
          const current = Math.floor(now / width)
          const expected = new Map<string, { count: number; sum: number }>()
          for (const entry of model) {
            if (entry.epoch <= current - buckets) continue
            const totals = expected.get(entry.key) ?? { count: 0, sum: 0 }
            totals.count++
            totals.sum += entry.value
            expected.set(entry.key, totals)
          }
          expect(Object.fromEntries(subject.totals(now))).toEqual(Object.fromEntries(expected))
        }
      }),
    )
  })

  it('refuses a new key beyond maxKeys and forgets keys with nothing left in the window', () => {
    const w = new KeyedWindow({ window: 1000, buckets: 10, maxKeys: 2 })
    expect(w.add('a', 1, 0)).toBe(true)
    expect(w.add('b', 1, 0)).toBe(true)
    expect(w.add('c', 1, 0)).toBe(false)
    expect(w.add('a', 1, 500)).toBe(true)
    expect(w.totals(1000).size).toBe(1) // b expired with its bucket, a has its 500 ms value
    expect(w.add('c', 1, 1000)).toBe(true)
  })

  it('reads a clock stepped back as the latest time seen', () => {
    const w = new KeyedWindow({ window: 1000, buckets: 10 })
    w.add('a', 1, 5000)
    w.add('a', 1, 100) // earlier than the latest: lands in the newest bucket, resets nothing
    expect(w.totals(5000).get('a')).toEqual({ count: 2, sum: 2 })
  })
})
