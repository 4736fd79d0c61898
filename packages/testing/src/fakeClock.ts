import { createManualClock, type ManualClock } from '@foundation-telemetry/core'
import { flushMicrotasks } from './flushMicrotasks.ts'

/** Options for {@link createFakeClock}. */
export interface FakeClockOptions {
  /** Epoch ms the clock starts at. Defaults to 2026-01-01T00:00:00Z, like core's manual clock. */
  startTime?: number
}

/**
 * Core's manual clock plus conveniences for tests. Pass it as the `clock` option of
 * `createTelemetry`, the metrics windows, the sampler and alerting: their timestamps, windows and
 * timers then move only when the test moves them.
 */
export interface FakeClock extends ManualClock {
  /** Move to epoch time `time` (ms), firing timers due on the way. Earlier times are ignored. */
  advanceTo(time: number): void
  /** Fire timers due now without moving time (after a `setTimeout(fn, 0)`). */
  tick(): void
  /** Move to the next scheduled timer and fire it. Returns false when none is scheduled. */
  next(): boolean
  /**
   * Fire one-shot timers until none is left (intervals fire on the way but do not keep it going).
   * A step moves the clock to the next due time and fires every timer due then. Stops after
   * `limit` steps (default 10 000) so a timer that re-arms itself cannot loop forever. Returns the
   * number of steps taken.
   */
  runAll(limit?: number): number
  /**
   * Like `advance`, but lets promise callbacks run after each timer, for code that schedules its
   * next timer from an `await` continuation.
   */
  advanceAsync(ms: number): Promise<void>
}

/**
 * Create a fake clock: core's {@link ManualClock} (re-used, not re-implemented) with `advanceTo`,
 * `tick`, `next`, `runAll` and `advanceAsync`.
 *
 * @example
 * const clock = createFakeClock()
 * const t = createTelemetry({ clock })
 * const cleaned = waitForResourceCleanup(t)
 * clock.advance(60_000) // the cleanup interval elapses instantly
 * await cleaned
 */
export function createFakeClock(options?: FakeClockOptions): FakeClock {
  const base = createManualClock(options?.startTime)
  // Moves straight to `due` (the manual clock fires everything due on the way, in order).
  const moveTo = (due: number) => base.advance(Math.max(0, due - base.monotonic()))
  const next = (): boolean => {
    const due = base.nextTimerAt()
    if (due === undefined) return false
    moveTo(due)
    return true
  }

  return {
    ...base,
    advanceTo(time) {
      base.advance(Math.max(0, time - base.now()))
    },
    tick: () => base.advance(0),
    next,
    runAll(limit = 10_000) {
      let steps = 0
      while (steps < limit && base.pendingTimers('timeout') > 0 && next()) steps += 1
      return steps
    },
    async advanceAsync(ms) {
      const target = base.monotonic() + Math.max(0, ms)
      for (;;) {
        await flushMicrotasks()
        const due = base.nextTimerAt()
        if (due === undefined || due > target) break
        moveTo(due)
      }
      moveTo(target)
      await flushMicrotasks()
    },
  }
}
