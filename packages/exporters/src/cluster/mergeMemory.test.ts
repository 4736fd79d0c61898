import { describe, expect, it } from 'vitest'
import { MergeMemory } from './mergeMemory.ts'

describe('MergeMemory', () => {
  it('keeps one tag-set numbering per counter or histogram name across merges', () => {
    const memory = new MergeMemory()
    const counter = memory.indexFor({ name: 'requests', kind: 'counter' })
    const first = counter.idOf({ route: '/a' })
    counter.idOf({ route: '/b' })
    const again = memory.indexFor({ name: 'requests', kind: 'counter' })
    expect(again).toBe(counter)
    expect(again.idOf({ route: '/a' })).toBe(first)
    expect(memory.indexFor({ name: 'latency', kind: 'histogram' })).not.toBe(counter)
    expect(memory.indexFor({ name: 'latency', kind: 'histogram' }).size).toBe(0)
  })

  it('numbers gauge and summary series afresh in every merge', () => {
    const memory = new MergeMemory()
    for (const kind of ['gauge', 'summary'] as const) {
      const index = memory.indexFor({ name: 'depth', kind })
      index.idOf({ queue: 'q' })
      const next = memory.indexFor({ name: 'depth', kind })
      expect(next).not.toBe(index)
      expect(next.size).toBe(0)
    }
  })

  it('keeps series states per worker slot and metric name', () => {
    const memory = new MergeMemory()
    const states = memory.statesOf('1', 'requests')
    states[0] = { startTime: 5, last: { value: 3, sum: 0, count: 0, counts: [] }, base: undefined }
    expect(memory.statesOf('1', 'requests')).toBe(states)
    expect(memory.statesOf('1', 'requests')[0]?.last.value).toBe(3)
    expect(memory.statesOf('2', 'requests')).not.toBe(states)
    expect(memory.statesOf('2', 'requests')).toEqual([])
    expect(memory.statesOf('1', 'errors')).toEqual([])
  })
})
