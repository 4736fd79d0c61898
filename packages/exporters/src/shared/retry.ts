/**
 * Retry policy for HTTP exporters: which responses are worth retrying, how long to wait
 * (server's `Retry-After` first, else exponential backoff with jitter), and for how long at most.
 */

/** Retry settings. */
export interface RetryOptions {
  /** Attempts in total, the first included. Defaults to 5. */
  maxAttempts?: number
  /** Backoff before the second attempt, in ms. Defaults to 1000. */
  initialBackoff?: number
  /** Backoff cap, in ms. Defaults to 5000. */
  maxBackoff?: number
  /** Backoff growth per attempt. Defaults to 1.5. */
  multiplier?: number
  /** Jitter as a fraction of the backoff: the wait is `backoff × (1 ± jitter)`. Defaults to 0.2. */
  jitter?: number
  /** Longest `Retry-After` honoured, in ms; longer ones give up. Defaults to 60 000. */
  maxRetryAfter?: number
  /** Source of randomness in [0, 1), injectable for tests. Defaults to `Math.random`. */
  random?: () => number
}

/** Retry settings with every default applied. */
export type RetryPolicy = Required<RetryOptions>

/** Apply defaults to {@link RetryOptions}. */
export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  return {
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 5)),
    initialBackoff: options.initialBackoff ?? 1000,
    maxBackoff: options.maxBackoff ?? 5000,
    multiplier: options.multiplier ?? 1.5,
    jitter: Math.min(1, Math.max(0, options.jitter ?? 0.2)),
    maxRetryAfter: options.maxRetryAfter ?? 60_000,
    random: options.random ?? Math.random,
  }
}

/** OTLP's retryable statuses: 429, 502, 503, 504. Everything else is final. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1):
 * `min(maxBackoff, initialBackoff × multiplier^(attempt-1))`, jittered by ±`jitter`.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy): number {
  const base = Math.min(
    policy.maxBackoff,
    policy.initialBackoff * policy.multiplier ** Math.max(0, attempt - 1),
  )
  const spread = base * policy.jitter
  return Math.max(0, base - spread + policy.random() * 2 * spread)
}
