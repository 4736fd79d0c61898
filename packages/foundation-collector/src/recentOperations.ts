/**
 * The error-rate KPI's recent window: operations and failed operations (breaker calls, retry
 * attempts, pool checkouts and failures) in a ring of time buckets on the telemetry's clock.
 *
 * An event does not read the clock. The ring keeps the bucket of "now" current through a one-shot
 * timer on the telemetry's clock, armed by the first event after the ring fell idle and due at the
 * next bucket boundary: an event adds to the current bucket's two counters, and only the first
 * event of a bucket pays a clock read and a timer. A query reads the clock and drops the buckets
 * that left the window first, so the KPI is current whenever it is read. Events land in their
 * bucket to within how late the timer fires (a blocked event loop delays it).
 */
import type { Clock, ClockTimer } from '@foundation-telemetry/core'

/** Buckets per window: 1 s resolution for the default 1 min window, as core's rolling windows. */
export const RECENT_BUCKETS = 60

/** Operations and failures over the recent window. */
export class RecentOperations {
  private readonly clock: Clock
  private readonly width: number
  private readonly buckets: number
  /** The epoch (time / width) of each slot's counts; -1 for a slot never used. */
  private readonly epochs: Float64Array
  private readonly totals: Float64Array
  private readonly failures: Float64Array
  /** The slot events add to now. */
  private current = 0
  /** The epoch of `current`. */
  private epoch = -1
  /** Whether a timer will move `current` at the next boundary; when not, the next event does. */
  private armed = false
  private timer: ClockTimer | undefined = undefined
  private stopped = false
  private readonly tick = () => {
    this.armed = false
    this.timer = undefined
    this.advance(this.clock.now())
  }

  constructor(clock: Clock, window: number, buckets = RECENT_BUCKETS) {
    this.clock = clock
    this.buckets = buckets
    this.width = window / buckets
    this.epochs = new Float64Array(buckets).fill(-1)
    this.totals = new Float64Array(buckets)
    this.failures = new Float64Array(buckets)
  }

  /** Count one operation, failed or not. */
  add(failed: boolean): void {
    if (!this.armed) this.wake()
    const i = this.current
    this.totals[i] = this.totals[i]! + 1
    if (failed) this.failures[i] = this.failures[i]! + 1
  }

  /** Failed over total operations in the window ending now; 0 when there were none. */
  errorRate(): number {
    const now = this.clock.now()
    this.advance(now)
    let total = 0
    let failed = 0
    const oldest = this.epoch - this.buckets
    for (let i = 0; i < this.buckets; i++) {
      const epoch = this.epochs[i]!
      if (epoch <= oldest || epoch > this.epoch) continue
      total += this.totals[i]!
      failed += this.failures[i]!
    }
    return total > 0 ? failed / total : 0
  }

  /** Stop the timer; counting continues without it (each event then reads the clock). */
  stop(): void {
    this.stopped = true
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer)
    this.timer = undefined
    this.armed = false
  }

  /** Bring `current` to now and arm the timer for the next boundary. */
  private wake(): void {
    const now = this.clock.now()
    this.advance(now)
    if (this.stopped) return
    this.armed = true
    const due = (this.epoch + 1) * this.width - now
    const timer = this.clock.setTimeout(this.tick, Math.max(due, 0))
    timer.unref?.()
    this.timer = timer
  }

  /** Move `current` to the bucket of `now`, clearing the slots it reuses. Time never runs back. */
  private advance(now: number): void {
    const epoch = Math.floor(now / this.width)
    if (epoch <= this.epoch) return
    this.epoch = epoch
    const i = epoch % this.buckets
    this.current = i
    if (this.epochs[i] !== epoch) {
      this.epochs[i] = epoch
      this.totals[i] = 0
      this.failures[i] = 0
    }
  }
}
