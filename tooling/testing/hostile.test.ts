import { describe, expect, it } from 'vitest'
import { trappingObject } from './hostile.ts'

describe('trappingObject', () => {
  it('throws on every property read and key listing', () => {
    expect(() => (trappingObject as Record<string, unknown>).name).toThrow('hostile: trap')
    expect(() => Object.keys(trappingObject)).toThrow('hostile: trap')
    expect(() => ({ ...trappingObject })).toThrow('hostile: trap')
  })
})
