import { setImmediate as realSetImmediate } from 'node:timers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushMicrotasks } from './flushMicrotasks.ts'

describe('flushMicrotasks', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('resolves after a chain of awaits of any depth has run to its end', async () => {
    let depth = 0
    const chain = async (left: number): Promise<void> => {
      depth += 1
      if (left > 0) {
        await Promise.resolve()
        await chain(left - 1)
      }
    }
    void chain(500)
    await flushMicrotasks()
    expect(depth).toBe(501)
  })

  it('still resolves when the test has replaced the global timers with fake ones', async () => {
    vi.useFakeTimers()
    expect(globalThis.setImmediate).not.toBe(realSetImmediate)
    let ran = false
    void Promise.resolve().then(() => {
      ran = true
    })
    await flushMicrotasks()
    expect(ran).toBe(true)
  })
})
