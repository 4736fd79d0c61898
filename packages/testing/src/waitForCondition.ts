import { ConditionWait, type DescribeTimeout } from './conditionWait.ts'
import { TelemetryExpectationError } from './expectationError.ts'
import { formatValue } from './format.ts'
import { DEFAULT_TIMEOUT, resolveClock, type TelemetryLike, type WaitOptions } from './observe.ts'
import { WaitSettlement } from './waitSettlement.ts'

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
 * The loop behind every condition wait (see {@link ConditionWait}): check now, then on each
 * telemetry event and/or each interval, one check at a time; resolve with the first truthy result.
 * Triggers arriving while a check is in flight coalesce into at most one re-check after it; events
 * the check itself emits trigger nothing.
 */
export function waitUntil<T>(
  check: () => T | Promise<T>,
  options: ConditionOptions | undefined,
  describeTimeout: DescribeTimeout,
): Promise<Exclude<Awaited<T>, false | 0 | '' | null | undefined>> {
  type TResult = Exclude<Awaited<T>, false | 0 | '' | null | undefined>
  return new Promise<TResult>((resolve, reject) => {
    const telemetry = options?.telemetry
    const triggers = {
      telemetry,
      interval: pollInterval(options),
      clock: resolveClock(telemetry, options),
      timeout: options?.timeout ?? DEFAULT_TIMEOUT,
    }
    new ConditionWait(check, triggers, describeTimeout, new WaitSettlement<TResult>(resolve, reject)).start()
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
  const interval = pollInterval(options)
  if (interval !== undefined) parts.push(`polled every ${interval} ms`)
  return parts.join(', ')
}

/** The poll interval: the option, else 10 ms when there is no telemetry to re-check on. */
function pollInterval(options: ConditionOptions | undefined): number | undefined {
  return options?.interval ?? (options?.telemetry ? undefined : 10)
}
