import { describe, expect, it } from 'vitest'
import type { Execute } from './policyHooks.ts'
import { countingAttempts, currentAttempt } from './retryAttempts.ts'

/** A retry's execute: runs `fn` until it succeeds, `tries` times at most, passing the attempt as cockatiel does (0 first). */
function retrying(tries: number, withAttempt = true): Execute {
  return async (fn) => {
    let last: unknown
    for (let attempt = 0; attempt < tries; attempt++) {
      try {
        return await fn(withAttempt ? { attempt } : {})
      } catch (error) {
        last = error
      }
    }
    throw last
  }
}

describe('countingAttempts', () => {
  it('counts the attempts of an execution from 1, readable inside it and after it failed', async () => {
    const seen: number[] = []
    const execute = countingAttempts(retrying(3))
    await expect(
      execute(async () => {
        seen.push(currentAttempt())
        throw new Error('flaky')
      }),
    ).rejects.toThrow('flaky')
    expect(seen).toEqual([1, 2, 3])
  })

  it('counts by itself when the policy passes no attempt number', async () => {
    const seen: number[] = []
    let n = 0
    await countingAttempts(retrying(3, false))(async () => {
      seen.push(currentAttempt())
      if (++n < 2) throw new Error('once')
    })
    expect(seen).toEqual([1, 2])
  })

  it('keeps concurrent executions apart, and reads 1 outside any', async () => {
    const execute = countingAttempts(retrying(2))
    const attempts = await Promise.all(
      [0, 1].map((fails) => {
        let n = 0
        return execute(async () => {
          await Promise.resolve()
          if (n++ < fails) throw new Error('again')
          return currentAttempt()
        })
      }),
    )
    expect(attempts).toEqual([1, 2])
    expect(currentAttempt()).toBe(1)
  })
})
