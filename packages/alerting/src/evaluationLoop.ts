/**
 * When an alerting engine evaluates: every `interval` on its clock once started, or on demand.
 * Each evaluation is timed; one that throws is reported, never thrown into the timer or the
 * caller. Once stopped the loop stays stopped: nothing evaluates and the timer is gone.
 */
import type { Clock, ClockTimer } from '@foundation-telemetry/core'

/** The clock and interval, what one evaluation does, and where its duration and failures go. */
export interface EvaluationCycle {
  readonly clock: Clock
  /** Time between evaluations once started, in ms on `clock`. */
  readonly intervalMs: number
  /** Evaluate at `now` (the clock's wall time). */
  evaluate(now: number): void
  /** Hears each evaluation's duration in monotonic ms. */
  readonly duration: { record(ms: number): void }
  /** An evaluation (or what ran before it) threw `error`. */
  failed(error: unknown): void
}

/** The evaluation schedule of one alerting engine. */
export class EvaluationLoop {
  /** Set by {@link stop}; event handlers read it to ignore events after a stop. */
  stopped = false
  private timer: ClockTimer | undefined
  private readonly cycle: EvaluationCycle

  constructor(cycle: EvaluationCycle) {
    this.cycle = cycle
  }

  /** Unless already started or stopped: `starting()`, then an evaluation every interval. */
  start(starting: () => void): void {
    if (this.timer !== undefined || this.stopped) return
    starting()
    this.timer = this.cycle.clock.setInterval(() => this.run(), this.cycle.intervalMs)
    this.timer.unref?.()
  }

  /** `before()`, then one evaluation (none once stopped); a failure of either is reported. */
  run(before?: () => void): void {
    try {
      before?.()
      if (this.stopped) return
      const { clock } = this.cycle
      const started = clock.monotonic()
      this.cycle.evaluate(clock.now())
      this.cycle.duration.record(clock.monotonic() - started)
    } catch (error) {
      this.cycle.failed(error)
    }
  }

  /** Stop for good: clear the timer; later runs evaluate nothing. */
  stop(): void {
    this.stopped = true
    if (this.timer !== undefined) this.cycle.clock.clearInterval(this.timer)
    this.timer = undefined
  }
}
