import { AsyncLocalStorage } from 'node:async_hooks'
import { TelemetryExpectationError } from './expectationError.ts'
import { flushMicrotasks } from './flushMicrotasks.ts'
import { formatValue } from './format.ts'
import {
  attachObserver,
  DEFAULT_TIMEOUT,
  resolveClock,
  startTimeout,
  type TelemetryLike,
  type TimeoutCause,
  timeoutNote,
  type WaitOptions,
} from './observe.ts'

/** Options for {@link waitForCondition} and {@link assertEventually}. */
export interface ConditionOptions extends WaitOptions {
  /**
   * Re-check whenever this instance emits an event (after the emitting code's synchronous part
   * finishes), except events the check itself emits, before or after an `await`. Without it, the
   * condition is polled every `interval`.
   */
  telemetry?: TelemetryLike
  /**
   * Poll every `interval` ms on the clock. Defaults to 10 ms when no `telemetry` is given; with a
   * `telemetry`, polling only happens when `interval` is set.
   */
  interval?: number
  /** Prefix for the timeout message. */
  message?: string
}

/**
 * Marks the async context a check runs in, with the token of the wait that runs it: an event
 * emitted from that context (before or after the check's first `await`, or by work the check
 * started) was caused by the check, not by the code under test.
 */
const checkContext = new AsyncLocalStorage<object>()

/** What the shared loop reports when it gives up. */
interface Attempts {
  checks: number
  lastValue: unknown
  lastError: unknown
  hasError: boolean
}

/**
 * The loop behind every condition wait: check now, then on each telemetry event and/or each
 * interval, one check at a time; resolve with the first truthy result. Triggers arriving while a
 * check is in flight coalesce into at most one re-check after it; events the check itself emits
 * trigger nothing.
 */
export function waitUntil<T>(
  check: () => T | Promise<T>,
  options: ConditionOptions | undefined,
  describeTimeout: (attempts: Attempts, timeout: number) => Error,
): Promise<Exclude<Awaited<T>, false | 0 | '' | null | undefined>> {
  type TResult = Exclude<Awaited<T>, false | 0 | '' | null | undefined>
  return new Promise<TResult>((resolve, reject) => {
    const telemetry = options?.telemetry
    const clock = resolveClock(telemetry, options)
    const timeout = options?.timeout ?? DEFAULT_TIMEOUT
    const interval = options?.interval ?? (telemetry ? undefined : 10)
    const attempts: Attempts = { checks: 0, lastValue: undefined, lastError: undefined, hasError: false }
    let finished = false
    let running = false
    let again = false
    let timedOut = false
    // Events the check emits itself (a lookup that reports, a callback gauge that fails during
    // collect, an async check reporting after its first await) must not trigger another check:
    // each would queue the next, spinning microtasks forever and starving the timeout. A flag
    // set around the call only covers the synchronous part; the async context covers it all.
    const token = {}
    let detach: () => void = () => {}
    let stopPolling: () => void = () => {}
    let cancelTimeout: () => void = () => {}

    let cause: TimeoutCause = 'clock'
    // The helper's own message, plus a note when real time (not its clock) ended the wait.
    const timedOutError = (): Error => {
      const error = describeTimeout(attempts, timeout)
      const note = timeoutNote(cause, clock)
      if (note !== '') error.message += note
      return error
    }
    const finish = (error: unknown, value?: TResult) => {
      if (finished) return
      finished = true
      detach()
      stopPolling()
      cancelTimeout()
      if (error === undefined) resolve(value as TResult)
      else reject(error)
    }
    const run = async () => {
      if (finished) return
      if (running) {
        again = true
        return
      }
      running = true
      do {
        again = false
        attempts.checks += 1
        try {
          const value = await checkContext.run(token, check)
          attempts.lastValue = value
          attempts.hasError = false
          if (value) {
            finish(undefined, value as TResult)
            return
          }
        } catch (error) {
          attempts.lastError = error
          attempts.hasError = true
        }
        if (timedOut) finish(timedOutError())
      } while (again && !finished)
      running = false
    }
    const onTimeout = async () => {
      if (!running) return finish(timedOutError())
      // A check already under way may settle from queued promise callbacks, so the message shows
      // the latest failure; a check that never settles cannot hold the timeout back.
      timedOut = true
      await flushMicrotasks()
      finish(timedOutError())
    }
    const schedule = () => {
      if (!finished && checkContext.getStore() !== token) queueMicrotask(run)
    }

    if (telemetry) detach = attachObserver(telemetry, ['*'], schedule, (error) => finish(error))
    if (interval !== undefined && Number.isFinite(interval)) {
      const timer = clock.setInterval(schedule, Math.max(1, interval))
      stopPolling = () => clock.clearInterval(timer)
    }
    cancelTimeout = startTimeout(clock, timeout, (firedBy) => {
      cause = firedBy
      void onTimeout()
    })
    void run()
  })
}

/**
 * Resolve with the first truthy value `fn` returns (sync or async). `fn` runs now, then again on
 * every event of `options.telemetry`, or, without one, every `interval` (bounded polling, the
 * fallback for state that emits no events). A throwing `fn` counts as "not yet". Rejects after
 * `timeout` (default 1000 ms) with the last result.
 *
 * @example
 * const pid = await waitForCondition(() => registry.lookup('worker'), { telemetry: t })
 */
export function waitForCondition<T>(
  fn: () => T | Promise<T>,
  options?: ConditionOptions,
): Promise<Exclude<Awaited<T>, false | 0 | '' | null | undefined>> {
  if (typeof fn !== 'function') return Promise.reject(new TypeError('waitForCondition: expected a function.'))
  return waitUntil(fn, options, (attempts, timeout) => {
    const how = describeTrigger(options)
    const last = attempts.hasError
      ? `the last check threw ${formatValue(attempts.lastError)}`
      : `the last check returned ${formatValue(attempts.lastValue)}`
    const error = new TelemetryExpectationError(
      'waitForCondition',
      `${options?.message ? `${options.message}: ` : ''}waitForCondition: condition not met within ${timeout} ms ` +
        `(${attempts.checks} check${attempts.checks === 1 ? '' : 's'}, ${how}); ${last}.`,
      attempts.hasError ? { cause: attempts.lastError } : undefined,
    )
    return error
  })
}

/**
 * Retry an assertion until it stops throwing: `fn` runs now, then on every event of
 * `options.telemetry` or every `interval`. Resolves with its return value; after `timeout`
 * (default 1000 ms) rejects with the last assertion error's message (and the error as `cause`).
 *
 * @example
 * await assertEventually(() => expect(pool.stats().active).toBe(0), { telemetry: t })
 */
export function assertEventually<T>(
  fn: () => T | Promise<T>,
  options?: ConditionOptions,
): Promise<Awaited<T>> {
  if (typeof fn !== 'function') return Promise.reject(new TypeError('assertEventually: expected a function.'))
  const box = async () => ({ value: await fn() })
  return waitUntil(box, options, (attempts, timeout) => {
    const detail =
      attempts.lastError instanceof Error ? attempts.lastError.message : formatValue(attempts.lastError)
    return new TelemetryExpectationError(
      'assertEventually',
      `${options?.message ? `${options.message}: ` : ''}assertEventually: still failing after ${timeout} ms ` +
        `(${attempts.checks} attempt${attempts.checks === 1 ? '' : 's'}, ${describeTrigger(options)}). Last failure:\n${detail}`,
      { cause: attempts.lastError },
    )
  }).then((boxed) => boxed.value)
}

function describeTrigger(options: ConditionOptions | undefined): string {
  const parts: string[] = []
  if (options?.telemetry) parts.push('re-checked on each telemetry event')
  const interval = options?.interval ?? (options?.telemetry ? undefined : 10)
  if (interval !== undefined) parts.push(`polled every ${interval} ms`)
  return parts.join(', ')
}
