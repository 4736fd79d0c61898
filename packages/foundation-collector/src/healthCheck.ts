/**
 * One run of one health check: the check is called on the next microtask, raced against its
 * timeout on the given clock, and whatever happens (a status, a status with details, a throw, a
 * rejection, a value that is no status, the timeout) becomes an outcome. Never rejects; the
 * timeout's timer is cleared however the run ends.
 */
import type { Clock, ClockTimer } from '@foundation-telemetry/core'
import { describeError } from '@foundation-telemetry/core'

/** A dependency's health, worst last. */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy'

/** What a check returns: a status, or a status with details (shown in the report). */
export type CheckResult = HealthStatus | { status: HealthStatus; details?: Record<string, unknown> }

/** A health check. Throwing, rejecting or passing its timeout counts as `unhealthy`. */
export type HealthCheck = () => CheckResult | Promise<CheckResult>

/** What one run of a check found. */
export interface CheckOutcome {
  status: HealthStatus
  details?: Record<string, unknown>
  /** Why the check failed (error message or `timeout after N ms`). */
  error?: string
}

function isStatus(value: unknown): value is HealthStatus {
  return value === 'healthy' || value === 'degraded' || value === 'unhealthy'
}

/** `result` as an outcome when it is a status or a `{ status, details? }`; undefined otherwise. */
export function normaliseCheckResult(result: unknown): CheckOutcome | undefined {
  if (isStatus(result)) return { status: result }
  if (typeof result === 'object' && result !== null) {
    const { status, details } = result as { status?: unknown; details?: unknown }
    if (isStatus(status)) {
      return typeof details === 'object' && details !== null
        ? { status, details: details as Record<string, unknown> }
        : { status }
    }
  }
  return undefined
}

/** Run `check` once with a timeout of `timeout` ms on `clock`. Never rejects. */
export async function runHealthCheck(
  clock: Clock,
  check: HealthCheck,
  timeout: number,
): Promise<CheckOutcome> {
  let timer: ClockTimer | undefined
  try {
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = clock.setTimeout(() => resolve('timeout'), timeout)
      timer.unref?.()
    })
    const result = await Promise.race([Promise.resolve().then(check), timedOut])
    if (result === 'timeout') return { status: 'unhealthy', error: `timeout after ${timeout} ms` }
    return (
      normaliseCheckResult(result) ?? {
        status: 'unhealthy',
        error: `check returned ${describeError(result).message}`,
      }
    )
  } catch (error) {
    return { status: 'unhealthy', error: describeError(error).message }
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer)
  }
}
