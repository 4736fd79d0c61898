import { describe, expect, it } from 'vitest'
import { hasMethods } from './hasMethods.ts'

describe('hasMethods', () => {
  it('accepts an object whose named members are all functions, own or inherited', () => {
    class Limiter {
      on() {}
      counts() {}
    }
    expect(hasMethods(new Limiter(), ['on', 'counts'])).toBe(true)
    expect(hasMethods({ on: () => {}, extra: 1 }, ['on'])).toBe(true)
    expect(hasMethods({}, [])).toBe(true)
  })

  it('rejects a missing or non-function member, null, primitives and functions', () => {
    expect(hasMethods({ on: () => {}, counts: 3 }, ['on', 'counts'])).toBe(false)
    expect(hasMethods({ on: () => {} }, ['on', 'counts'])).toBe(false)
    expect(hasMethods(null, [])).toBe(false)
    expect(hasMethods(undefined, [])).toBe(false)
    expect(hasMethods('on', ['length'])).toBe(false)
    const fn = Object.assign(() => {}, { on: () => {} })
    expect(hasMethods(fn, ['on'])).toBe(false)
  })

  it('lets a throwing getter propagate to the caller', () => {
    const hostile = {
      get on(): never {
        throw new Error('trap')
      },
    }
    expect(() => hasMethods(hostile, ['on'])).toThrow('trap')
  })
})
