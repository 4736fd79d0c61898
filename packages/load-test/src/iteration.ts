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

/** What identifies one iteration. */
export interface ContextArgs {
  scenario: string
  vu: number
  iteration: number
  data: unknown
  state: Record<string, unknown>
}

/** The clock and telemetry every iteration context shares. */
export interface ContextShared {
  readonly clock: Clock
  readonly telemetry: Telemetry
  readonly worker: number
}

class Context implements IterationContext<unknown> {
  readonly scenario: string
  readonly vu: number
  readonly iteration: number
  readonly data: unknown
  readonly state: Record<string, unknown>
  private readonly shared: ContextShared
  private readonly flight: InFlight

  constructor(args: ContextArgs, shared: ContextShared, flight: InFlight) {
    this.scenario = args.scenario
    this.vu = args.vu
    this.iteration = args.iteration
    this.data = args.data
    this.state = args.state
    this.shared = shared
    this.flight = flight
  }

  get worker(): number {
    return this.shared.worker
  }

  get telemetry(): Telemetry {
    return this.shared.telemetry
  }

  get signal(): AbortSignal {
    // Created on first use: most scenarios never read it, and a controller per iteration costs.
    this.flight.controller ??= new AbortController()
    if (this.flight.settled && !this.flight.controller.signal.aborted) this.flight.controller.abort()
    return this.flight.controller.signal
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
}

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
 * Run one iteration; resolves with its outcome (never rejects). `flights` holds it while it runs,
 * so the sweeper can time it out and the stop path can interrupt it.
 */
export function runIteration(
  run: (ctx: IterationContext<unknown>) => unknown,
  ctxArgs: ContextArgs,
  shared: ContextShared,
  deadline: number,
  flights: Set<InFlight>,
): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    const flight: InFlight = {
      deadline,
      controller: undefined,
      settled: false,
      settle(outcome) {
        if (flight.settled) return
        flight.settled = true
        flights.delete(flight)
        if (!outcome.ok) flight.controller?.abort()
        resolve(outcome)
      },
    }
    flights.add(flight)
    const ctx = new Context(ctxArgs, shared, flight)
    let result: unknown
    try {
      result = run(ctx)
    } catch (error) {
      flight.settle(failure(error))
      return
    }
    try {
      if (result !== null && typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
        ;(result as PromiseLike<unknown>).then(
          () => flight.settle(SUCCESS),
          (error: unknown) => flight.settle(failure(error)),
        )
      } else flight.settle(SUCCESS)
    } catch (error) {
      // A hostile thenable (a throwing `then` getter) is the scenario's error, not ours.
      flight.settle(failure(error))
    }
  })
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
