import { describe, expect, it } from 'vitest'
import { type KeySet, SeriesIndex } from './seriesIndex.ts'
import { type KeySets, TagShapes } from './tagShapes.ts'
import { testOwner } from './testDeps.ts'

const owner = testOwner()

function sets(capacity = Number.POSITIVE_INFINITY): KeySets<number> & { made: string[][]; asked: number } {
  const index = new SeriesIndex<number>(owner)
  const made: string[][] = []
  return {
    made,
    asked: 0,
    keySet(keys): KeySet<number> | null {
      this.asked++
      const known = index.get(keys)
      if (known !== undefined) return known
      if (made.length >= capacity) return null
      made.push([...keys])
      return index.add(keys)
    },
  }
}

describe('tag shapes', () => {
  it('maps any iteration order of the same keys to one key set with the sorting permutation', () => {
    const s = sets()
    const shapes = new TagShapes(s)
    const one = shapes.walkedShape(['c', 'a', 'b'])
    const other = shapes.walkedShape(['b', 'c', 'a'])
    expect(one?.set).toBe(other?.set)
    expect(one?.set.keys).toEqual(['a', 'b', 'c'])
    expect(one?.order).toEqual([1, 2, 0])
    expect(other?.order).toEqual([2, 0, 1])
    expect(shapes.walkedShape(['c', 'a', 'b'])).toBe(one)
    expect(s.made).toEqual([['a', 'b', 'c']])
  })

  it('learns a two-key shape with its order, and a one-key shape', () => {
    const shapes = new TagShapes(sets())
    const set = shapes.learn2('route', 'method')
    expect(set?.keys).toEqual(['method', 'route'])
    expect([shapes.ka, shapes.kb, shapes.swap2, shapes.set2]).toEqual(['route', 'method', true, set])
    expect(shapes.learn1('route')?.keys).toEqual(['route'])
    expect(shapes.k1).toBe('route')
  })

  it('relearns a one- or two-key shape it has met without asking for its key set again', () => {
    const s = sets()
    const shapes = new TagShapes(s)
    const action = shapes.learn2('agent', 'action')
    const tool = shapes.learn2('agent', 'tool')
    expect(shapes.learn2('agent', 'action')).toBe(action)
    expect([shapes.ka, shapes.kb, shapes.swap2, shapes.set2]).toEqual(['agent', 'action', true, action])
    expect(shapes.learn2('agent', 'tool')).toBe(tool)
    expect(shapes.swap2).toBe(false)
    const route = shapes.learn1('route')
    shapes.learn1('model')
    expect(shapes.learn1('route')).toBe(route)
    expect(shapes.k1).toBe('route')
    expect(s.asked).toBe(4)
  })

  it('remembers a bounded number of shapes and still resolves the ones past it', () => {
    const s = sets()
    const shapes = new TagShapes(s)
    for (let i = 0; i < 100; i++) shapes.learn2('agent', `key_${i}`)
    expect(s.asked).toBe(100)
    expect(shapes.learn2('agent', 'key_0')?.keys).toEqual(['agent', 'key_0'])
    expect(s.asked).toBe(100)
    expect(shapes.learn2('agent', 'key_99')?.keys).toEqual(['agent', 'key_99'])
    expect(s.asked).toBe(101)
  })

  it('gives a subset of declared keys the key set of exactly the keys present', () => {
    const shapes = new TagShapes(sets())
    const declared = ['a', 'b', 'c', 'd']
    expect(shapes.subset(declared, 0b1010)?.keys).toEqual(['b', 'd'])
    expect(shapes.subset(declared, 0b1010)).toBe(shapes.subset(declared, 0b1010))
  })

  it('learns nothing when the table is full and the key set is new', () => {
    const shapes = new TagShapes(sets(0))
    expect(shapes.walkedShape(['a', 'b', 'c'])).toBeNull()
    expect(shapes.learn2('a', 'b')).toBeNull()
    expect(shapes.ka).toBeUndefined()
    expect(shapes.subset(['a', 'b'], 1)).toBeNull()
  })
})
