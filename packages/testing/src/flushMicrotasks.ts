import { setImmediate } from 'node:timers'

/**
 * Resolve once every promise continuation queued so far, and every one those queue in turn, has
 * run. It waits for the event loop's check phase, which Node enters only when the microtask queue
 * is empty, so no turn count has to guess how deep a chain of `await`s goes, and no time passes on
 * any clock. `setImmediate` is taken from `node:timers`, so test fake timers that replace the
 * global one do not hold it back.
 *
 * @example
 * void service.start() // schedules its next step from an `await` continuation
 * await flushMicrotasks()
 * expect(clock.pendingTimers()).toBe(1)
 */
export function flushMicrotasks(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve))
}
