import { describe, expect, it } from 'vitest'
import { guardListener } from './guardedListener.ts'

describe('guardListener', () => {
  it('passes the first two arguments through and always returns undefined', () => {
    const seen: unknown[] = []
    const guarded = guardListener(
      (first: string, second: number) => {
        seen.push(first, second)
        return 5_000
      },
      () => {},
    )
    expect(guarded('failed', 2)).toBeUndefined()
    expect(seen).toEqual(['failed', 2])
  })

  it('hands a throw to onThrow instead of the caller', () => {
    const thrown: unknown[] = []
    const boom = new Error('listener broke')
    const guarded = guardListener(
      () => {
        throw boom
      },
      (error) => thrown.push(error),
    )
    expect(() => guarded(undefined, undefined)).not.toThrow()
    expect(thrown).toEqual([boom])
  })
})
