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

/** The real clock: `performance.now()` anchored to the epoch, and Node's timers. */
export const systemClock: Clock = {
  now: () => origin + performance.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (timer) => clearInterval(timer as ReturnType<typeof setInterval>),
}

/**
 * The wall-clock time at the instant `monotonic` was read from `clock`. For the system clock this
 * is arithmetic (both readings come from `performance.now()`), which saves a clock read per span:
 * on virtual machines a read costs tens of nanoseconds. Other clocks are asked for `now()`.
 */
export function wallTimeAt(clock: Clock, monotonic: number): number {
  return clock === systemClock ? origin + monotonic : clock.now()
}
