/**
 * What both load models share while a run (or one worker's part of it) is going: the clock,
 * the scenario choice, iterations in flight with their timeouts, the stop latch, and where
 * results go. The models only decide when iterations start.
 */
import { type Clock, type ClockTimer, systemClock, type Telemetry } from '@foundation-telemetry/core'
import { type InFlight, interruptAll, type Outcome, runIteration, sweepTimeouts } from './iteration.ts'
import { type Phase, phaseAt } from './loadProfile.ts'
import type { Plan } from './plan.ts'
import { createWeightedPicker, type WeightedPicker } from './weightedPicker.ts'

/**
 * One iteration finished. `atMs`: completion time, ms since the run began. `latencyMs` counts from
 * the scheduled start. Sinks implement it as a typed arrow property, so the signature is written
 * here only.
 */
export type IterationCompleted = (
  scenario: number,
  vu: number,
  phase: Phase,
  atMs: number,
  latencyMs: number,
  outcome: Outcome,
) => void

/** Where results go: the collector on the main thread, a batch to it from a worker. */
export interface ResultSink {
  started(scenario: number, vu: number): void
  readonly completed: IterationCompleted
  dropped(scenario: number, phase: Phase): void
}

/** Why a run stopped before its planned end. */
export type StopReason = 'signal' | 'threshold' | 'iterations'

/** A virtual user: an id and the state its iterations share. */
export interface Vu {
  readonly id: number
  iteration: number
  readonly state: Record<string, unknown>
}

/** Iterations a VU runs back to back before it lets the event loop turn. */
const YIELD_EVERY = 64

export interface RuntimeInit {
  clock: Clock
  telemetry: Telemetry
  plan: Plan
  data: readonly unknown[]
  sink: ResultSink
  worker: number
  /** Reports a VU that crashed and was replaced. */
  onVuCrash?: (error: unknown) => void
}

/** Shared state of one run. */
export class Runtime {
  readonly clock: Clock
  readonly plan: Plan
  readonly sink: ResultSink
  readonly flights = new Set<InFlight>()
  /** Monotonic time the run (its warm-up, if any) began. */
  runStart = 0
  stopping = false
  stopReason: StopReason | undefined
  /** Monotonic time load stopped (planned end or early stop). */
  stoppedAt: number | undefined
  vuCrashes = 0
  /** VUs currently generating load (closed: looping; open: running an iteration). */
  activeVUs = 0
  private readonly picker: WeightedPicker
  private readonly shared: { clock: Clock; telemetry: Telemetry; worker: number }
  private readonly data: readonly unknown[]
  private readonly onVuCrash: ((error: unknown) => void) | undefined
  private readonly stopListeners: Array<() => void> = []
  private sweeper: ClockTimer | undefined
  private vuSeq = 0
  private readonly yieldImpl: () => Promise<void>

  constructor(init: RuntimeInit) {
    this.clock = init.clock
    this.plan = init.plan
    this.sink = init.sink
    this.data = init.data
    this.onVuCrash = init.onVuCrash
    this.shared = { clock: init.clock, telemetry: init.telemetry, worker: init.worker }
    this.picker = createWeightedPicker(init.plan.scenarios.map((s) => s.weight))
    const clock = init.clock
    // A real event-loop turn on real time; a zero timer on an injected clock, so tests move it.
    this.yieldImpl =
      clock === systemClock
        ? () => new Promise<void>((resolve) => setImmediate(resolve))
        : () => new Promise<void>((resolve) => clock.setTimeout(resolve, 0))
  }

  /** Ms since the run began. */
  elapsed(): number {
    return this.clock.monotonic() - this.runStart
  }

  /** Start the run clock; `offsetMs` joins a run already that far along (a replacement worker). */
  begin(offsetMs = 0): void {
    this.runStart = this.clock.monotonic() - offsetMs
    const shortest = Math.min(...this.plan.scenarios.map((s) => s.timeoutMs))
    const every = Math.min(1000, Math.max(10, shortest / 20))
    this.sweeper = this.clock.setInterval(
      () => sweepTimeouts(this.flights, this.clock.monotonic(), 'the iteration timed out'),
      every,
    )
    this.sweeper.unref?.()
  }

  newVu(): Vu {
    return { id: ++this.vuSeq, iteration: 0, state: {} }
  }

  pick(): number {
    return this.picker.next()
  }

  /**
   * Run one iteration of `scenario` on `vu`; `scheduled` is its due time (monotonic). Its result
   * reaches the sink as soon as it settles. Rejects only when recording it failed (a bug of ours).
   */
  runOne(vu: Vu, scenario: number, scheduled: number): Promise<void> {
    const planned = this.plan.scenarios[scenario]!
    const phase = phaseAt(this.plan.profile, scheduled - this.runStart)
    this.sink.started(scenario, vu.id)
    return runIteration(
      planned.run,
      {
        scenario: planned.name,
        vu: vu.id,
        iteration: vu.iteration++,
        data: this.data[scenario],
        state: vu.state,
      },
      this.shared,
      this.clock.monotonic() + planned.timeoutMs,
      this.flights,
      (outcome) => {
        const end = this.clock.monotonic()
        this.sink.completed(scenario, vu.id, phase, end - this.runStart, end - scheduled, outcome)
      },
    )
  }

  /** Let the event loop turn every so often, so timers, I/O and Ctrl-C are served. */
  maybeYield(count: number): Promise<void> | undefined {
    return count % YIELD_EVERY === 0 ? this.yieldImpl() : undefined
  }

  /** A VU's loop failed outside any scenario: count and report it; the caller starts a new VU. */
  vuCrashed(error: unknown): void {
    this.vuCrashes++
    try {
      this.onVuCrash?.(error)
    } catch {
      // The report path must not take the run down with it.
    }
  }

  stop(reason?: StopReason): void {
    if (this.stopping) return
    this.stopping = true
    this.stopReason = reason
    this.stoppedAt = this.clock.monotonic()
    for (const listener of this.stopListeners.splice(0)) listener()
  }

  /** Call `listener` when the run stops (at once if it has). */
  onStop(listener: () => void): void {
    if (this.stopping) listener()
    else this.stopListeners.push(listener)
  }

  /** Resolves after `ms` on the clock, or as soon as the run stops. */
  waitOrStop(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(done, Math.max(0, ms))
      function done() {
        resolve()
      }
      this.stopListeners.push(() => {
        this.clock.clearTimeout(timer)
        resolve()
      })
    })
  }

  /**
   * After load stops: wait for `pending` (the in-flight iterations) up to the graceful-stop time,
   * then interrupt what is left. An aborted run interrupts at once.
   */
  async drain(pending: Promise<unknown>): Promise<void> {
    if (this.stopReason === 'signal' || this.stopReason === 'threshold') interruptAll(this.flights)
    let timer: ClockTimer | undefined
    const grace = new Promise<void>((resolve) => {
      timer = this.clock.setTimeout(resolve, this.plan.gracefulStopMs)
    })
    await Promise.race([pending, grace])
    if (timer !== undefined) this.clock.clearTimeout(timer)
    interruptAll(this.flights)
    await pending
    if (this.sweeper !== undefined) this.clock.clearInterval(this.sweeper)
  }
}
