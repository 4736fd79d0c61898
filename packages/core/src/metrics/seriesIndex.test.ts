import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { find1, find2, findN, insert, SeriesIndex } from './seriesIndex.ts'
import { testOwner } from './testDeps.ts'

const owner = testOwner()

// Few distinct lengths and last characters: many tuples share a recent-lookup slot.
const pool = ['', 'A', 'B', 'q0', 'r0', 'xa', 'ba', 'aaa', 'aba']
const value = fc.oneof(
  fc.constantFrom(...pool),
  // The same text as a different string object, built at run time.
  fc.constantFrom(...pool).map((v) => [...v].join('')),
)

describe('series index', () => {
  it('finds exactly the tuples inserted, whatever the recent-lookup cache holds (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.array(value, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 120 }),
        (width, rows) => {
          const index = new SeriesIndex<number>(owner)
          const keys = ['a', 'b', 'c', 'd', 'e'].slice(0, width)
          const set = index.add(keys)
          const model = new Map<string, number>()
          for (const row of rows) {
            const values = row.slice(0, width)
            const id = JSON.stringify(values)
            const found =
              width === 1
                ? find1(set, values[0]!)
                : width === 2
                  ? find2(set, values[0]!, values[1]!)
                  : findN(set, values)
            expect(found).toBe(model.get(id))
            if (found === undefined) {
              model.set(id, model.size)
              insert(set, values, model.size - 1)
            }
            expect(index.find(keys, values)).toBe(model.get(id))
          }
          let visited = 0
          index.forEach(() => {
            visited++
          })
          expect(visited).toBe(model.size)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('keeps one key set per sorted key list and finds nothing in a key set it never made', () => {
    const index = new SeriesIndex<number>(owner)
    expect(index.add(['a', 'b'])).toBe(index.add(['a', 'b']))
    expect(index.get(['a', 'b'])).toBe(index.add(['a', 'b']))
    expect(index.get(['a'])).toBeUndefined()
    expect(index.find(['a'], ['x'])).toBeUndefined()
  })
})
