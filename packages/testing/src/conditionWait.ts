/**
 * The loop behind every condition wait: check now, then on each telemetry event and/or each
 * interval, one check at a time; settle with the first truthy result, or with the caller's
 * timeout error.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Clock } from '@foundation-telemetry/core'
import { flushMicrotasks } from './flushMicrotasks.ts'
import {
  attachObserver,
  startTimeout,
  type TelemetryLike,
  type TimeoutCause,
  timeoutNote,
} from './observe.ts'
import type { WaitSettlement } from './waitSettlement.ts'

/**
 * Marks the async context a check runs in, with the token of the wait that runs it: an event
 * emitted from that context (before or after the check's first `await`, or by work the check
 * started) was caused by the check, not by the code under test.
 */
const checkContext = new AsyncLocalStorage<object>()

/** What the loop reports when it gives up. */
export interface Attempts {
  checks: number
  lastValue: unknown
  lastError: unknown
  hasError: boolean
}

/** What starts checks, and how long the wait lasts. */
export interface CheckTriggers {
  /** Re-check on each of its events (except those the check emits itself). */
  telemetry: TelemetryLike | undefined
  /** Poll every `interval` ms on `clock` (at least 1 ms); undefined or non-finite: no polling. */
  interval: number | undefined
  clock: Clock
  timeout: number
}

/** Builds the helper's timeout error from the attempts so far. */
export type DescribeTimeout = (attempts: Attempts, timeout: number) => Error

/**
 * One condition wait. Triggers arriving while a check is in flight coalesce into at most one
 * re-check after it; events the check itself emits trigger nothing.
 */
export class ConditionWait<TResult> {
  readonly attempts: Attempts = { checks: 0, lastValue: undefined, lastError: undefined, hasError: false }
  private readonly check: () => unknown
  private readonly triggers: CheckTriggers
  private readonly describeTimeout: DescribeTimeout
  private readonly settlement: WaitSettlement<TResult>
  // Events the check emits itself (a lookup that reports, a callback gauge that fails during
  // collect, an async check reporting after its first await) must not trigger another check:
  // each would queue the next, spinning microtasks forever and starving the timeout. A flag
  // set around the call only covers the synchronous part; the async context covers it all.
  private readonly token = {}
  private running = false
  private again = false
  private timedOut = false
  private cause: TimeoutCause = 'clock'

  constructor(
    check: () => unknown,
    triggers: CheckTriggers,
    describeTimeout: DescribeTimeout,
    settlement: WaitSettlement<TResult>,
  ) {
    this.check = check
    this.triggers = triggers
    this.describeTimeout = describeTimeout
    this.settlement = settlement
  }

  /** Subscribe to the triggers, start the timeout and run the first check. */
  start(): void {
    const { telemetry, interval, clock, timeout } = this.triggers
    const settlement = this.settlement
    const schedule = () => this.schedule()
    if (telemetry)
      settlement.hold(attachObserver(telemetry, ['*'], schedule, (error) => settlement.finish(error)))
    if (interval !== undefined && Number.isFinite(interval)) {
      const timer = clock.setInterval(schedule, Math.max(1, interval))
      settlement.hold(() => clock.clearInterval(timer))
    }
    settlement.hold(
      startTimeout(clock, timeout, (firedBy) => {
        this.cause = firedBy
        void this.expire()
      }),
    )
    void this.run()
  }

  /** Queue a check after the current synchronous code, unless the check itself caused the trigger. */
  schedule(): void {
    if (!this.settlement.finished && checkContext.getStore() !== this.token)
      queueMicrotask(() => void this.run())
  }

  /** Run checks until one is truthy or no trigger arrived during the last one. */
  async run(): Promise<void> {
    if (this.settlement.finished) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = true
    const attempts = this.attempts
    do {
      this.again = false
      attempts.checks += 1
      try {
        // Awaited here, not in a helper of its own: an extra await would shift every later check
        // by a promise turn, which callers' tests observe as check counts.
        const value = await checkContext.run(this.token, this.check)
        attempts.lastValue = value
        attempts.hasError = false
        if (value) return this.settlement.finish(undefined, value as TResult)
      } catch (error) {
        attempts.lastError = error
        attempts.hasError = true
      }
      if (this.timedOut) this.settlement.finish(this.timedOutError())
    } while (this.again && !this.settlement.finished)
    this.running = false
  }

  private async expire(): Promise<void> {
    if (!this.running) return this.settlement.finish(this.timedOutError())
    // A check already under way may settle from queued promise callbacks, so the message shows
    // the latest failure; a check that never settles cannot hold the timeout back.
    this.timedOut = true
    await flushMicrotasks()
    this.settlement.finish(this.timedOutError())
  }

  /** The helper's own message, plus a note when real time (not its clock) ended the wait. */
  private timedOutError(): Error {
    const error = this.describeTimeout(this.attempts, this.triggers.timeout)
    const note = timeoutNote(this.cause, this.triggers.clock)
    if (note !== '') error.message += note
    return error
  }
}
