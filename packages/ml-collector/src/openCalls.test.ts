import { describe, expect, it } from 'vitest'
import { OpenCalls } from './openCalls.ts'

describe('OpenCalls', () => {
  it('finds, removes and evicts calls oldest first, whether they overlap or follow each other', () => {
    const calls = new OpenCalls<string>()
    calls.add('a', 'A')
    expect(calls.get('a')).toBe('A')
    expect(calls.remove('a')).toBe('A')
    expect(calls.size).toBe(0)
    calls.add('b', 'B')
    calls.add('c', 'C')
    calls.add('d', 'D')
    expect(calls.size).toBe(3)
    expect(calls.remove('b')).toBe('B')
    // With b gone, c is the oldest though it sits in the map.
    calls.add('e', 'E')
    expect(calls.removeOldest()).toBe('C')
    expect(calls.removeOldest()).toBe('D')
    expect(calls.get('e')).toBe('E')
    expect(calls.get('c')).toBeUndefined()
    expect(calls.remove('zz')).toBeUndefined()
    expect(calls.removeOldest()).toBe('E')
    expect(calls.removeOldest()).toBeUndefined()
    expect(calls.size).toBe(0)
  })
})
