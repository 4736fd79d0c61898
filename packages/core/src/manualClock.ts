import type { Clock, ClockTimer } from './clock.ts'

/** A {@link Clock} that only moves when told to; timers fire during {@link ManualClock.advance}. */
export interface ManualClock extends Clock {
  /** Move time forward by `ms`, firing due timers in time order (intervals re-arm). */
  advance(ms: number): void
  /**
   * Timers still scheduled: all of them, or only the one-shot (`'timeout'`) or repeating
   * (`'interval'`) ones.
   */
  pendingTimers(kind?: 'timeout' | 'interval'): number
  /** The monotonic time (ms) the next timer is due, or undefined when none is scheduled. */
  nextTimerAt(): number | undefined
}

interface Scheduled extends ClockTimer {
  due: number
  every: number | undefined
  fn: () => void
  seq: number
}

/**
 * Create a manual clock starting at `startTime` (epoch ms, default 2026-01-01T00:00:00Z).
 * Core, the metrics windows, the sampler and alerting accept it wherever they take a `clock`.
 *
 * @example
 * const clock = createManualClock()
 * const t = createTelemetry({ clock })
 * clock.advance(60_000) // one minute passes, instantly
 */
export function createManualClock(startTime = Date.UTC(2026, 0, 1)): ManualClock {
  let wall = startTime
  let mono = 0
  let seq = 0
  const timers = new Set<Scheduled>()

  const schedule = (fn: () => void, ms: number, every: number | undefined): Scheduled => {
    const timer: Scheduled = { due: mono + Math.max(0, ms), every, fn, seq: seq++, unref() {} }
    timers.add(timer)
    return timer
  }
  const cancel = (timer: ClockTimer) => {
    timers.delete(timer as Scheduled)
  }

  return {
    now: () => wall,
    monotonic: () => mono,
    setTimeout: (fn, ms) => schedule(fn, ms, undefined),
    clearTimeout: cancel,
    setInterval: (fn, ms) => schedule(fn, ms, Math.max(1, ms)),
    clearInterval: cancel,
    pendingTimers(kind) {
      if (kind === undefined) return timers.size
      let count = 0
      for (const timer of timers) if ((timer.every === undefined) === (kind === 'timeout')) count++
      return count
    },
    nextTimerAt() {
      let next: number | undefined
      for (const timer of timers) if (next === undefined || timer.due < next) next = timer.due
      return next
    },
    advance(ms) {
      const target = mono + Math.max(0, ms)
      for (;;) {
        let next: Scheduled | undefined
        for (const timer of timers) {
          if (
            timer.due <= target &&
            (!next || timer.due < next.due || (timer.due === next.due && timer.seq < next.seq))
          ) {
            next = timer
          }
        }
        if (!next) break
        wall += next.due - mono
        mono = next.due
        if (next.every === undefined) timers.delete(next)
        else {
          next.due += next.every
          next.seq = seq++
        }
        next.fn()
      }
      wall += target - mono
      mono = target
    },
  }
}
