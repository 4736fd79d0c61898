import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { find1, find2, findN, insert, SeriesIndex } from './seriesIndex.ts'
import { testOwner } from './testDeps.ts'

const owner = testOwner()

// Few distinct lengths and last characters: many tuples share a recent-lookup slot (and a set
// made of them soon turns its cache off); the random strings mostly hash apart (it stays on).
const pool = ['', 'A', 'B', 'q0', 'r0', 'xa', 'ba', 'aaa', 'aba']
const value = fc.oneof(
  fc.constantFrom(...pool),
  // The same text as a different string object, built at run time.
  fc.constantFrom(...pool).map((v) => [...v].join('')),
  fc.string({ minLength: 1, maxLength: 8 }),
)

/** Insert every tuple of `rows` into a fresh key set of their width; the set and the series ids. */
function filled(rows: string[][]) {
  const index = new SeriesIndex<number>(owner)
  const set = index.add(['a', 'b', 'c'].slice(0, rows[0]!.length))
  rows.forEach((row, id) => {
    insert(set, row, id)
  })
  return set
}

/** Look every row up twice (the second time past whatever the first left in the cache). */
function expectFindsAll(set: ReturnType<typeof filled>, rows: string[][]): void {
  for (let round = 0; round < 2; round++) {
    for (let id = 0; id < rows.length; id++) {
      const row = rows[id]!
      expect(row.length === 2 ? find2(set, row[0]!, row[1]!) : findN(set, row)).toBe(id)
    }
  }
}

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

  it('keeps its cache for series the slot hash keeps apart, and answers from it', () => {
    // Eight agents by eight actions: every pair differs in a last character.
    const rows = Array.from({ length: 64 }, (_, i) => [`agent_${i >> 3}`, `action_${i & 7}`])
    const set = filled(rows)
    expectFindsAll(set, rows)
    expect(Array.isArray(set.recent)).toBe(true)
    // Answered from the cache: the index itself no longer holds the first row's series.
    set.nested.get('agent_0')!.delete('action_0')
    expect(find2(set, 'agent_0', 'action_0')).toBe(0)
  })

  it.each([2, 3])(
    'turns its cache off once more than a quarter of %i-key series share a slot, and still finds each',
    (width) => {
      // `agent-12`, `agent-32`, ...: same length and last character, so they share slots.
      const rows = Array.from({ length: 64 }, (_, i) =>
        [`agent-${i + 10}`, i & 1 ? 'error' : 'ok', 'x'].slice(0, width),
      )
      const set = filled(rows.slice(0, 4))
      expect(set.recent).not.toBe(false)
      rows.slice(4).forEach((row, i) => {
        insert(set, row, i + 4)
      })
      expect(set.recent).toBe(false)
      expect(set.slotUse).toBeNull()
      expectFindsAll(set, rows)
      expect(set.recent).toBe(false)
    },
  )

  it('keeps one key set per sorted key list and finds nothing in a key set it never made', () => {
    const index = new SeriesIndex<number>(owner)
    expect(index.add(['a', 'b'])).toBe(index.add(['a', 'b']))
    expect(index.get(['a', 'b'])).toBe(index.add(['a', 'b']))
    expect(index.get(['a'])).toBeUndefined()
    expect(index.find(['a'], ['x'])).toBeUndefined()
  })
})
