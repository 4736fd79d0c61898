/**
 * Time, injectable: every timestamp, duration, window and timer in Foundation Telemetry goes
 * through a {@link Clock}, so tests drive time instead of waiting for it
 * (see `createFakeClock` in `@foundation-telemetry/testing`).
 */

/** A cancellable timer handle returned by {@link Clock.setTimeout}. */
export interface ClockTimer {
  /** Stop the timer keeping the process alive (no-op on fake clocks). */
  unref?(): void
}

export interface Clock {
  /** Wall-clock time, epoch milliseconds (float). */
  now(): number
  /** Monotonic time in milliseconds (float), for durations; arbitrary origin. */
  monotonic(): number
  setTimeout(fn: () => void, ms: number): ClockTimer
  clearTimeout(timer: ClockTimer): void
  setInterval(fn: () => void, ms: number): ClockTimer
  clearInterval(timer: ClockTimer): void
}

const origin = performance.timeOrigin
const hrtime = process.hrtime

/** `process.hrtime()` in ms: the same clock as `performance.now()`, read for 15 to 20 ns less on Node 24. */
function hrMs(): number {
  const time = hrtime()
  return time[0] * 1e3 + time[1] / 1e6
}

/**
 * The distance between the two clocks' readings, so `monotonic()` stays on `performance.now()`'s
 * scale (milliseconds since the process's time origin). The tightest of a few bracketed reads wins,
 * so a preemption between two reads cannot skew it.
 */
function measureShift(): number {
  let best = 0
  let bestGap = Number.POSITIVE_INFINITY
  for (let i = 0; i < 5; i++) {
    const before = hrMs()
    const performanceNow = performance.now()
    const after = hrMs()
    if (after - before < bestGap) {
      bestGap = after - before
      best = (before + after) / 2 - performanceNow
    }
  }
  return best
}
const shift = measureShift()

/**
 * The real clock: `performance.now()`'s scale (read through `process.hrtime()`, the cheaper call)
 * anchored to the epoch, and Node's timers.
 */
export const systemClock: Clock = {
  now: () => origin + (hrMs() - shift),
  monotonic: () => hrMs() - shift,
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (timer) => clearInterval(timer as ReturnType<typeof setInterval>),
}

/** The wall-clock time, epoch milliseconds, at the system clock's monotonic reading `monotonic`. */
export function systemWallTime(monotonic: number): number {
  return origin + monotonic
}

/**
 * The wall-clock time at the instant `monotonic` was read from `clock`. For the system clock this
 * is arithmetic (both readings come from the same clock), which saves a clock read per span:
 * on virtual machines a read costs tens of nanoseconds. Other clocks are asked for `now()`.
 */
export function wallTimeAt(clock: Clock, monotonic: number): number {
  return clock === systemClock ? systemWallTime(monotonic) : clock.now()
}
