import { describe, expect, it } from 'vitest'
import { BoundedCache } from './boundedCache.ts'

describe('BoundedCache', () => {
  it('remembers what it was given and hands back the value it stored', () => {
    const cache = new BoundedCache<string, number>(10)
    expect(cache.get('a')).toBeUndefined()
    expect(cache.set('a', 1)).toBe(1)
    expect(cache.get('a')).toBe(1)
    expect(cache.size).toBe(1)
  })

  it('starts over when full, so keys from data cannot grow it without bound', () => {
    const cache = new BoundedCache<string, number>(3)
    for (const key of ['a', 'b', 'c']) cache.set(key, 0)
    expect(cache.size).toBe(3)
    cache.set('d', 4)
    expect(cache.size).toBe(1)
    expect(cache.get('a')).toBeUndefined()
    expect(cache.get('d')).toBe(4)
  })

  it('keeps one entry for a limit that is not a number of at least 1', () => {
    for (const limit of [0, -5, Number.NaN, '10' as never, undefined as never]) {
      const cache = new BoundedCache<string, number>(limit)
      cache.set('a', 1)
      cache.set('b', 2)
      expect(cache.size).toBe(1)
    }
  })
})
