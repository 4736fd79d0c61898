/**
 * Callers of a line sink's `flush()` wait for its stream to go idle. A stream that never drains
 * (a stalled pipe or disk) must not hold them forever, so one deadline bounds every wait that is
 * open at once: the first caller arms it, and it releases them all.
 */
import type { Clock, ClockTimer } from '@foundation-telemetry/core'

/** Waiters for "idle", released together by {@link IdleWaiters.release} or by the deadline. */
export interface IdleWaiters {
  /** Resolves at the next `release()`, or at the deadline armed by the first open wait. Never rejects. */
  wait(): Promise<void>
  /** Release every open wait and cancel the deadline. */
  release(): void
}

/**
 * Create {@link IdleWaiters} whose deadline runs on `clock`, `timeout` ms after the first open
 * wait. When it passes, `onTimeout` runs (a throw from it is swallowed: it runs from a timer),
 * then every open wait resolves.
 */
export function createIdleWaiters(clock: Clock, timeout: number, onTimeout: () => void): IdleWaiters {
  let waiters: Array<() => void> = []
  let deadline: ClockTimer | undefined

  const wakeAll = () => {
    const woken = waiters
    waiters = []
    for (const waiter of woken) waiter()
  }

  const timedOut = () => {
    deadline = undefined
    try {
      onTimeout()
    } catch {
      // Runs from a timer: a throwing callback must not become an uncaught exception.
    }
    wakeAll()
  }

  return {
    wait() {
      return new Promise((resolve) => {
        waiters.push(resolve)
        if (deadline === undefined) {
          deadline = clock.setTimeout(timedOut, timeout)
          deadline.unref?.()
        }
      })
    },
    release() {
      if (deadline !== undefined) {
        clock.clearTimeout(deadline)
        deadline = undefined
      }
      wakeAll()
    },
  }
}
