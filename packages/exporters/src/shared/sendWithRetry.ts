/**
 * POST with the exporters' retry rules: retry 429/502/503/504 and transient connection failures
 * (refused, reset, no response within the timeout), as the OTLP specification asks; wait for
 * `Retry-After` when the server gives one (seconds or HTTP date), else jittered exponential
 * backoff; stop at the attempt limit or when the export deadline would pass. Waiting happens on
 * the injectable clock.
 */
import { type Clock, parseRetryAfter } from '@foundation-telemetry/core'
import { HttpRequestError, type HttpResponse, httpPost } from './httpClient.ts'
import { backoffDelay, isRetryableStatus, type RetryPolicy } from './retry.ts'

/** One delivery to attempt. */
export interface SendRequest {
  url: string
  headers: Readonly<Record<string, string>>
  body: Uint8Array
  clock: Clock
  /** Per-attempt timeout, ms. */
  timeout: number
  /** Deadline for all attempts together, ms from now. */
  exportTimeout: number
  policy: RetryPolicy
  /**
   * Told before each wait, so callers can emit a diagnostic event. `status` is 0 after a
   * connection failure (no response).
   */
  onRetry?: (info: { attempt: number; delay: number; status: number; retryAfter: boolean }) => void
}

/** How a delivery ended. */
export type SendOutcome =
  | { ok: true; response: HttpResponse; attempts: number }
  | {
      ok: false
      /** The last HTTP status, when there was a response. */
      status?: number
      reason: 'status' | 'timeout' | 'network' | 'invalid_url' | 'deadline' | 'attempts'
      message: string
      attempts: number
    }

const sleep = (clock: Clock, ms: number) =>
  new Promise<void>((resolve) => {
    const timer = clock.setTimeout(resolve, ms)
    timer.unref?.()
  })

/** Deliver `request.body`; resolves with the outcome and never rejects. */
export async function sendWithRetry(request: SendRequest): Promise<SendOutcome> {
  const { clock, policy } = request
  const deadline = clock.monotonic() + request.exportTimeout
  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - clock.monotonic()
    if (remaining <= 0)
      return { ok: false, reason: 'deadline', message: 'export timeout passed', attempts: attempt - 1 }
    let response: HttpResponse
    try {
      response = await httpPost({
        url: request.url,
        headers: request.headers,
        body: request.body,
        timeout: Math.min(request.timeout, remaining),
        clock,
      })
    } catch (error) {
      const reason = error instanceof HttpRequestError ? error.reason : 'network'
      const message = error instanceof Error ? error.message : 'request failed'
      // A bad URL stays bad; a refused, reset or silent connection may be back in a moment.
      if (reason === 'invalid_url' || attempt >= policy.maxAttempts) {
        return { ok: false, reason, message, attempts: attempt }
      }
      const delay = backoffDelay(attempt, policy)
      if (clock.monotonic() + delay >= deadline) return { ok: false, reason, message, attempts: attempt }
      request.onRetry?.({ attempt, delay, status: 0, retryAfter: false })
      await sleep(clock, delay)
      continue
    }
    if (response.status >= 200 && response.status < 300) return { ok: true, response, attempts: attempt }
    const failed = (reason: 'status' | 'deadline' | 'attempts', message: string): SendOutcome => ({
      ok: false,
      status: response.status,
      reason,
      message,
      attempts: attempt,
    })
    if (!isRetryableStatus(response.status)) return failed('status', `HTTP ${response.status}`)
    if (attempt >= policy.maxAttempts) {
      return failed('attempts', `HTTP ${response.status} after ${attempt} attempts`)
    }
    const retryAfter = parseRetryAfter(response.headers['retry-after'], clock.now())
    const delay = retryAfter ?? backoffDelay(attempt, policy)
    if (retryAfter !== undefined && retryAfter > policy.maxRetryAfter) {
      return failed('deadline', `HTTP ${response.status}: Retry-After ${retryAfter} ms exceeds the limit`)
    }
    if (clock.monotonic() + delay >= deadline) {
      return failed('deadline', `HTTP ${response.status}: retry would pass the export timeout`)
    }
    request.onRetry?.({ attempt, delay, status: response.status, retryAfter: retryAfter !== undefined })
    await sleep(clock, delay)
  }
}

/**
 * The details every exporter reports with a failed delivery: `reason`, `attempts`, and `status`
 * when there was a response.
 */
export function sendFailureDetails(outcome: Extract<SendOutcome, { ok: false }>): {
  reason: string
  attempts: number
  status?: number
} {
  return outcome.status !== undefined
    ? { reason: outcome.reason, attempts: outcome.attempts, status: outcome.status }
    : { reason: outcome.reason, attempts: outcome.attempts }
}
