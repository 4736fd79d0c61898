import { type ClockTimer, createManualClock, type ManualClock } from '@foundation-telemetry/core'

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
  /** The monotonic time the next timer is due, or undefined. */
  nextTimerAt(): number | undefined
}

interface Tracked {
  due: number
  every: number | undefined
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
  // Core's manual clock does not expose due times; track them beside it to find the next one.
  const tracked = new Map<ClockTimer, Tracked>()

  const nextTimerAt = (): number | undefined => {
    let next: number | undefined
    for (const entry of tracked.values()) if (next === undefined || entry.due < next) next = entry.due
    return next
  }
  const next = (): boolean => {
    const due = nextTimerAt()
    if (due === undefined) return false
    base.advance(Math.max(0, due - base.monotonic()))
    return true
  }

  const clock: FakeClock = {
    now: () => base.now(),
    monotonic: () => base.monotonic(),
    pendingTimers: () => base.pendingTimers(),
    setTimeout(fn, ms) {
      let timer: ClockTimer | undefined
      timer = base.setTimeout(() => {
        if (timer) tracked.delete(timer)
        fn()
      }, ms)
      tracked.set(timer, { due: base.monotonic() + Math.max(0, ms), every: undefined })
      return timer
    },
    clearTimeout(timer) {
      tracked.delete(timer)
      base.clearTimeout(timer)
    },
    setInterval(fn, ms) {
      const every = Math.max(1, ms)
      const entry: Tracked = { due: base.monotonic() + every, every }
      const timer = base.setInterval(() => {
        entry.due += every
        fn()
      }, ms)
      tracked.set(timer, entry)
      return timer
    },
    clearInterval(timer) {
      tracked.delete(timer)
      base.clearInterval(timer)
    },
    advance: (ms) => base.advance(ms),
    advanceTo(time) {
      base.advance(Math.max(0, time - base.now()))
    },
    tick: () => base.advance(0),
    next,
    nextTimerAt,
    runAll(limit = 10_000) {
      let steps = 0
      while (steps < limit && [...tracked.values()].some((entry) => entry.every === undefined)) {
        if (!next()) break
        steps += 1
      }
      return steps
    },
    async advanceAsync(ms) {
      const target = base.monotonic() + Math.max(0, ms)
      for (;;) {
        await flushPromises()
        const due = nextTimerAt()
        if (due === undefined || due > target) break
        base.advance(Math.max(0, due - base.monotonic()))
      }
      base.advance(Math.max(0, target - base.monotonic()))
      await flushPromises()
    },
  }
  return clock
}

async function flushPromises(): Promise<void> {
  // A handful of turns lets chained `await`s run; no macrotask, so no wall-clock wait.
  for (let i = 0; i < 10; i++) await Promise.resolve()
}
