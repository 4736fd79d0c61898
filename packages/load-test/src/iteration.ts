/**
 * One iteration of one scenario: calls `run`, turns a throw, a rejection or a timeout into an
 * outcome, and never lets any of them escape. Timeouts are enforced by one sweeper per run
 * (not a timer per iteration, which would cost more than a fast scenario): an iteration past its
 * deadline is settled as a `timeout` error and its `ctx.signal` aborted; whatever the scenario
 * does afterwards is ignored.
 */
import type { Clock, Telemetry } from '@foundation-telemetry/core'
import { categoryOf, messageOf } from './errorTally.ts'
import type { IterationContext } from './options.ts'

/** How an iteration ended. */
export type Outcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly interrupted: boolean; readonly category: string; readonly message: string }

export const SUCCESS: Outcome = { ok: true }

/** An iteration in flight, as the sweeper and the stop path see it. */
export interface InFlight {
  deadline: number
  settle: (outcome: Outcome) => void
  controller: AbortController | undefined
  settled: boolean
}

/** The clock and telemetry every iteration context shares. */
export interface ContextShared {
  readonly clock: Clock
  readonly telemetry: Telemetry
  readonly worker: number
}

/** What identifies one iteration: its scenario, its VU and the VU's iteration number. */
export interface IterationSpec {
  readonly scenario: string
  readonly vu: number
  readonly iteration: number
  readonly data: unknown
  readonly state: Record<string, unknown>
}

/** Told once when an iteration settles, before its promise resolves. May throw (a bug of ours). */
export type OnSettled = (outcome: Outcome) => void

/**
 * One iteration in flight: the scenario's `ctx`, its entry in the flights the sweeper and the
 * stop path see, and the promise the VU waits on, in one object (an iteration is the unit of
 * load, and each allocation saved is one less per request).
 */
class Iteration implements IterationContext<unknown>, InFlight {
  readonly scenario: string
  readonly vu: number
  readonly iteration: number
  readonly data: unknown
  readonly state: Record<string, unknown>
  deadline: number
  controller: AbortController | undefined = undefined
  settled = false
  private readonly shared: ContextShared
  private readonly flights: Set<InFlight>
  private readonly onSettled: OnSettled
  private resolve: () => void = noop
  private reject: (error: unknown) => void = noop

  constructor(
    spec: IterationSpec,
    shared: ContextShared,
    deadline: number,
    flights: Set<InFlight>,
    onSettled: OnSettled,
  ) {
    this.scenario = spec.scenario
    this.vu = spec.vu
    this.iteration = spec.iteration
    this.data = spec.data
    this.state = spec.state
    this.deadline = deadline
    this.shared = shared
    this.flights = flights
    this.onSettled = onSettled
  }

  get worker(): number {
    return this.shared.worker
  }

  get telemetry(): Telemetry {
    return this.shared.telemetry
  }

  get signal(): AbortSignal {
    // Created on first use: most scenarios never read it, and a controller per iteration costs.
    this.controller ??= new AbortController()
    if (this.settled && !this.controller.signal.aborted) this.controller.abort()
    return this.controller.signal
  }

  pause(ms: number): Promise<void> {
    const signal = this.signal
    const clock = this.shared.clock
    return new Promise((resolve) => {
      if (signal.aborted) return resolve()
      const timer = clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      const onAbort = () => {
        clock.clearTimeout(timer)
        resolve()
      }
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  settle(outcome: Outcome): void {
    if (this.settled) return
    this.settled = true
    this.flights.delete(this)
    if (!outcome.ok) this.controller?.abort()
    try {
      this.onSettled(outcome)
    } catch (error) {
      this.reject(error)
      return
    }
    this.resolve()
  }

  /** Run the scenario; the promise resolves once the iteration has settled. */
  start(run: (ctx: IterationContext<unknown>) => unknown): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
    this.flights.add(this)
    let result: unknown
    try {
      result = run(this)
    } catch (error) {
      this.settle(failure(error))
      return done
    }
    try {
      if (result !== null && typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
        ;(result as PromiseLike<unknown>).then(
          () => this.settle(SUCCESS),
          (error: unknown) => this.settle(failure(error)),
        )
      } else this.settle(SUCCESS)
    } catch (error) {
      // A hostile thenable (a throwing `then` getter) is the scenario's error, not ours.
      this.settle(failure(error))
    }
    return done
  }
}

const noop = () => {}

/** Settle `flight` with a failure built from `error` (never throws, even for hostile values). */
export function failure(error: unknown, interrupted = false): Outcome {
  let category: string
  let message: string
  try {
    category = categoryOf(error)
    message = messageOf(error)
  } catch {
    category = 'unreadable_error'
    message = 'the thrown value could not be read'
  }
  return { ok: false, interrupted, category, message }
}

/**
 * Run one iteration. `onSettled` gets its outcome as soon as it is known (the scenario ended,
 * threw, timed out, or the test interrupted it); the promise then resolves, or rejects with what
 * `onSettled` threw. `flights` holds the iteration while it runs, so the sweeper can time it out
 * and the stop path can interrupt it. A scenario's own failure never rejects the promise.
 */
export function runIteration(
  run: (ctx: IterationContext<unknown>) => unknown,
  spec: IterationSpec,
  shared: ContextShared,
  deadline: number,
  flights: Set<InFlight>,
  onSettled: OnSettled,
): Promise<void> {
  return new Iteration(spec, shared, deadline, flights, onSettled).start(run)
}

/** Time out every flight past its deadline at monotonic time `now`. */
export function sweepTimeouts(flights: Set<InFlight>, now: number, timeoutMessage: string): void {
  for (const flight of flights) {
    if (flight.deadline <= now) {
      flight.settle({ ok: false, interrupted: false, category: 'timeout', message: timeoutMessage })
    }
  }
}

/** Settle every flight as interrupted (the test is stopping) and abort its signal. */
export function interruptAll(flights: Set<InFlight>): void {
  for (const flight of [...flights]) {
    flight.settle({ ok: false, interrupted: true, category: 'interrupted', message: 'the test stopped' })
  }
}
