import { createManualClock } from '@foundation-telemetry/core'
import { flushMicrotasks } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { createIdleWaiters } from './idleWaiters.ts'

/** Idle waiters on a manual clock, counting how often the deadline fired. */
function waitersOnClock(timeout: number) {
  const clock = createManualClock()
  let timeouts = 0
  const waiters = createIdleWaiters(clock, timeout, () => {
    timeouts++
  })
  return { clock, waiters, timeouts: () => timeouts }
}

/** Follows `promise`: `settled()` says whether it has settled yet. */
function watch(promise: Promise<unknown>): { settled: () => boolean } {
  let settled = false
  void promise.then(() => {
    settled = true
  })
  return { settled: () => settled }
}

describe('idle waiters', () => {
  it('release() resolves every open wait and cancels the deadline', async () => {
    const { clock, waiters, timeouts } = waitersOnClock(1000)
    const first = watch(waiters.wait())
    const second = watch(waiters.wait())
    waiters.release()
    await flushMicrotasks()
    expect([first.settled(), second.settled()]).toEqual([true, true])
    expect(clock.pendingTimers()).toBe(0)
    clock.advance(1000)
    expect(timeouts()).toBe(0)
  })

  it('arms one deadline for every wait open at once, counted from the first', async () => {
    const { clock, waiters, timeouts } = waitersOnClock(1000)
    const first = watch(waiters.wait())
    clock.advance(600)
    const second = watch(waiters.wait())
    expect(clock.pendingTimers()).toBe(1)
    clock.advance(399)
    await flushMicrotasks()
    expect(second.settled()).toBe(false)
    clock.advance(1)
    await flushMicrotasks()
    expect([first.settled(), second.settled()]).toEqual([true, true])
    expect(timeouts()).toBe(1)
  })

  it('runs onTimeout before releasing the waits, and a later wait gets a fresh deadline', async () => {
    const clock = createManualClock()
    const order: string[] = []
    const waiters = createIdleWaiters(clock, 50, () => order.push('timeout'))
    void waiters.wait().then(() => order.push('released'))
    clock.advance(50)
    await flushMicrotasks()
    expect(order).toEqual(['timeout', 'released'])
    const again = watch(waiters.wait())
    expect(clock.nextTimerAt()).toBe(100)
    clock.advance(50)
    await flushMicrotasks()
    expect(again.settled()).toBe(true)
  })

  it('still releases the waits when onTimeout throws, without the throw escaping the timer', async () => {
    const clock = createManualClock()
    const waiters = createIdleWaiters(clock, 10, () => {
      throw new Error('hook failed')
    })
    const waiting = watch(waiters.wait())
    expect(() => clock.advance(10)).not.toThrow()
    await flushMicrotasks()
    expect(waiting.settled()).toBe(true)
  })

  it('release() with nothing waiting does nothing', () => {
    const { clock, waiters } = waitersOnClock(10)
    expect(() => waiters.release()).not.toThrow()
    expect(clock.pendingTimers()).toBe(0)
  })
})
