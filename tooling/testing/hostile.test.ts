import { describe, expect, it } from 'vitest'
import { trappingObject, watchedRejection } from './hostile.ts'

describe('trappingObject', () => {
  it('throws on every property read and key listing', () => {
    expect(() => (trappingObject as Record<string, unknown>).name).toThrow('hostile: trap')
    expect(() => Object.keys(trappingObject)).toThrow('hostile: trap')
    expect(() => ({ ...trappingObject })).toThrow('hostile: trap')
  })
})

describe('watchedRejection', () => {
  it('records each rejection handler as it is attached and still rejects', async () => {
    const { promise, handlers } = watchedRejection(new Error('async callback failed'))
    expect(handlers).toEqual([])
    const reason = await promise.then(undefined, (error: Error) => error.message)
    expect(reason).toBe('async callback failed')
    expect(handlers).toHaveLength(1)
  })
})
