import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createTagSetIndex } from './tagSetIndex.ts'

describe('createTagSetIndex', () => {
  it('gives equal tag sets in different objects one number, and numbers densely from 0', () => {
    const index = createTagSetIndex()
    expect(index.idOf({ a: 'x', b: 'y' })).toBe(0)
    expect(index.idOf({ a: 'x', b: 'z' })).toBe(1)
    expect(index.idOf({ a: 'x', b: 'y' })).toBe(0)
    expect(index.idOf({})).toBe(2)
    expect(index.idOf({})).toBe(2)
    expect(index.size).toBe(3)
  })

  it('tells tag sets apart by key order, as their JSON text does', () => {
    const index = createTagSetIndex()
    expect(index.idOf({ a: 'x', b: 'y' })).not.toBe(index.idOf({ b: 'y', a: 'x' }))
  })

  it('numbers tag sets with values that are not strings by their JSON text', () => {
    const index = createTagSetIndex()
    const id = index.idOf({ a: 1 })
    expect(index.idOf({ a: 1 })).toBe(id)
    expect(index.idOf({ a: '1' })).not.toBe(id)
    // JSON leaves an undefined value out: that tag set is the one without it.
    expect(index.idOf({ a: 'x', b: undefined })).toBe(index.idOf({ a: 'x' }))
    expect(index.idOf(null)).toBe(index.idOf(null))
  })

  it('gives stringsId numbers only to plain all-string tag sets, shared with idOf', () => {
    const index = createTagSetIndex()
    expect(index.stringsId({ a: 1 })).toBeUndefined()
    expect(index.stringsId(['x'])).toBeUndefined()
    expect(index.stringsId(null)).toBeUndefined()
    const id = index.stringsId({ a: 'x' })
    expect(id).toBe(0)
    expect(index.idOf({ a: 'x' })).toBe(id)
    expect(index.size).toBe(1)
  })

  it('numbers tag sets exactly as their JSON text tells them apart (model)', () => {
    const tags = fc.dictionary(
      fc.constantFrom('a', 'b', 'c', '__proto__'),
      fc.oneof(fc.constantFrom('p', 'q', ''), fc.constant(undefined), fc.integer({ min: 0, max: 2 })),
      { maxKeys: 3 },
    )
    fc.assert(
      fc.property(fc.array(tags, { maxLength: 30 }), (sets) => {
        const index = createTagSetIndex()
        const byText = new Map<string, number>()
        for (const set of sets) {
          const id = index.idOf(set)
          const text = JSON.stringify(set)
          const seen = byText.get(text)
          if (seen === undefined) {
            expect([...byText.values()]).not.toContain(id)
            byText.set(text, id)
          } else {
            expect(id).toBe(seen)
          }
        }
        expect(index.size).toBe(byText.size)
      }),
    )
  })
})
