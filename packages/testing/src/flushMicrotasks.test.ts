import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushMicrotasks, MICROTASK_TURNS } from './flushMicrotasks.ts'

const chainOf = (depth: number, reached: { depth: number }) => {
  const step = async (left: number): Promise<void> => {
    reached.depth += 1
    if (left > 0) {
      await undefined
      await step(left - 1)
    }
  }
  return step(depth)
}

describe('flushMicrotasks', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('lets a chain of awaits run to its end, well within its depth', async () => {
    const reached = { depth: 0 }
    void chainOf(MICROTASK_TURNS / 4, reached)
    await flushMicrotasks()
    expect(reached.depth).toBe(MICROTASK_TURNS / 4 + 1)
  })

  it('never leaves the current macrotask, so a rejection it lets happen can still be handled', async () => {
    let immediateRan = false
    setImmediate(() => {
      immediateRan = true
    })
    const rejected = (async () => {
      await undefined
      throw new Error('late')
    })()
    await flushMicrotasks()
    expect(immediateRan).toBe(false)
    await expect(rejected).rejects.toThrow('late')
  })

  it('works the same when the test has replaced the timers with fake ones', async () => {
    vi.useFakeTimers()
    let ran = false
    void Promise.resolve().then(() => {
      ran = true
    })
    await flushMicrotasks()
    expect(ran).toBe(true)
  })
})
