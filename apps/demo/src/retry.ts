/**
 * Retries with exponential backoff: each attempt is a `foundation.retry.attempt` span, each wait
 * a `foundation.retry.backoff` event, and giving up a `foundation.retry.exhausted` event.
 */
import type { Telemetry } from '@foundation-telemetry/core'
import { delay } from './delay.ts'

/** Options for {@link withRetry}. */
export interface RetryOptions {
  operation: string
  /** Defaults to 3. */
  maxAttempts?: number
  /** First backoff, ms; doubled per attempt. Defaults to 5. */
  baseDelay?: number
}

/** Run `attempt` until it resolves or `maxAttempts` attempts failed (then the last error is thrown). */
export async function withRetry<TResult>(
  t: Telemetry,
  options: RetryOptions,
  attempt: (n: number) => Promise<TResult>,
): Promise<TResult> {
  const maxAttempts = options.maxAttempts ?? 3
  const baseDelay = options.baseDelay ?? 5
  const started = t.clock.monotonic()
  let lastError: unknown
  for (let n = 1; n <= maxAttempts; n++) {
    try {
      return await t.span(
        'foundation.retry.attempt',
        { operation: options.operation, attempt: n, max_attempts: maxAttempts },
        () => attempt(n),
      )
    } catch (error) {
      lastError = error
      if (n === maxAttempts) break
      const wait = baseDelay * 2 ** (n - 1)
      t.execute('foundation.retry.backoff', { delay: wait }, { operation: options.operation, attempt: n })
      await delay(t.clock, wait)
    }
  }
  t.execute(
    'foundation.retry.exhausted',
    { duration: t.clock.monotonic() - started },
    { operation: options.operation, total_attempts: maxAttempts, final_error: String(lastError) },
  )
  throw lastError
}
