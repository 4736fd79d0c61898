import { describe, expect, it } from 'vitest'
import { MAX_CACHED_SPAN_NAMES, SpanNameCache } from './spanNameCache.ts'

describe('SpanNameCache', () => {
  it('derives the start, stop and exception names of a prefix', () => {
    expect(new SpanNameCache().get('work')).toEqual({
      start: 'work.start',
      stop: 'work.stop',
      exception: 'work.exception',
    })
  })

  it('returns the same names object for a prefix it has seen', () => {
    const cache = new SpanNameCache()
    expect(cache.get('work')).toBe(cache.get('work'))
    expect(cache.size).toBe(1)
  })

  it('starts over when full, so dynamic prefixes cannot grow it without bound', () => {
    const cache = new SpanNameCache()
    const first = cache.get('p0')
    for (let i = 1; i < MAX_CACHED_SPAN_NAMES; i++) cache.get(`p${i}`)
    expect(cache.size).toBe(MAX_CACHED_SPAN_NAMES)
    cache.get('one.more')
    expect(cache.size).toBe(1)
    const again = cache.get('p0')
    expect(again).toEqual(first)
    expect(again).not.toBe(first)
  })
})
