import { describedAs } from './format.ts'
import {
  type LifecycleWaitOptions,
  lifecycleEvents,
  type SubjectWait,
  subjectWait,
  waitForLifecycle,
} from './lifecycleEvents.ts'
import type { TelemetryEvent } from './match.ts'
import type { TelemetryLike } from './observe.ts'

/**
 * Wait for the connection pool with id `subject` to be ready: its `foundation.connection_pool.created` event
 * or a `foundation.connection_pool.health` report for it, matched on
 * metadata `pool_id`. Start the wait before creating the pool.
 *
 * @example
 * const ready = waitForConnectionPoolReady(t, 'postgres')
 * await pools.start('postgres', { size: 10 })
 * const { measurements } = await ready // { size: 10 }
 */
export const waitForConnectionPoolReady: SubjectWait = subjectWait(
  'waitForConnectionPoolReady',
  lifecycleEvents.connectionPoolReady,
)

/** Health states from worst to best, as services and circuit breakers report them. */
const healthRank: Readonly<Record<string, number>> = {
  unhealthy: 0,
  open: 0,
  degraded: 1,
  half_open: 1,
  healthy: 2,
  closed: 2,
}

function rankOf(value: unknown): number | undefined {
  if (value === true) return healthRank.healthy
  if (value === false) return healthRank.unhealthy
  return typeof value === 'string' ? healthRank[value] : undefined
}

/**
 * Wait for `name` (a service or a circuit breaker) to get healthier: a
 * `foundation.service.health_change` or breaker `state_change` whose `to` ranks above its `from`
 * (unhealthy/open < degraded/half-open < healthy/closed), or a health check better than the
 * previous one seen for it during the wait. Pass `from` when the current status is known, so the
 * first better check counts. Start the wait before the recovery.
 *
 * @example
 * const recovered = waitForHealthImprovement(t, 'payments', { from: 'unhealthy' })
 * downstream.recover()
 * const { metadata } = await recovered // metadata.to === 'healthy' or 'degraded'
 */
export function waitForHealthImprovement(
  telemetry: TelemetryLike,
  name: string,
  options?: LifecycleWaitOptions & { from?: string },
): Promise<TelemetryEvent> {
  let last = rankOf(options?.from)
  // The predicate may be asked about one event more than once (matching, then describing a
  // mismatch): the answer for an event is worked out once and remembered.
  let seen: Record<string, unknown> | undefined
  let answer = false
  const improved = describedAs(
    (metadata: Record<string, unknown>) => {
      if (metadata === seen) return answer
      seen = metadata
      answer = judge(metadata)
      return answer
    },
    () => 'health better than before',
  )
  const judge = (metadata: Record<string, unknown>): boolean => {
    if (metadata.from !== undefined && metadata.to !== undefined) {
      const from = rankOf(metadata.from)
      const to = rankOf(metadata.to)
      if (to !== undefined) last = to
      return from !== undefined && to !== undefined && to > from
    }
    const now = rankOf(metadata.status ?? metadata.state ?? metadata.healthy)
    if (now === undefined) return false
    const better = last !== undefined && now > last
    last = now
    return better
  }
  const { from: _from, ...waitOptions } = options ?? {}
  const spec = lifecycleEvents.healthImprovement
  return waitForLifecycle('waitForHealthImprovement', telemetry, spec, name, waitOptions, improved)
}
