import {
  type LifecycleWaitOptions,
  lifecycleEvents,
  type SubjectWait,
  subjectIs,
  subjectWait,
  waitForLifecycle,
} from './lifecycleEvents.ts'
import type { TelemetryEvent } from './match.ts'
import type { TelemetryLike } from './observe.ts'

/**
 * Wait for the service named `subject` to report it is ready (`foundation.service.ready`, or seed 003's
 * `foundation.service.started`), with the service named in metadata `service` (or `service_name`,
 * `service_id`, `name`). Start the wait before starting the service.
 *
 * @example
 * const ready = waitForServiceReady(t, 'connection_manager')
 * await services.start('connection_manager')
 * await ready
 */
export const waitForServiceReady: SubjectWait = subjectWait(
  'waitForServiceReady',
  lifecycleEvents.serviceReady,
)

/**
 * Wait for a health report of `service` with status `status` (metadata `status`,
 * `health_status` or `to`), from `foundation.service.health_check` and the like.
 *
 * @example
 * await waitForServiceHealth(t, 'payments', 'degraded')
 */
export function waitForServiceHealth(
  telemetry: TelemetryLike,
  service: string,
  status: string,
  options?: LifecycleWaitOptions,
): Promise<TelemetryEvent> {
  const hasStatus = subjectIs(['status', 'health_status', 'to'], status)
  const spec = lifecycleEvents.serviceHealth
  return waitForLifecycle('waitForServiceHealth', telemetry, spec, service, options, hasStatus)
}

/**
 * Wait for `subject` (a service or process name) to be restarted: `foundation.service.restarted` or
 * `foundation.process.restarted`. Start the wait before killing it.
 *
 * @example
 * const restarted = waitForProcessRestart(t, 'connection_manager')
 * worker.kill()
 * const { measurements } = await restarted
 */
export const waitForProcessRestart: SubjectWait = subjectWait(
  'waitForProcessRestart',
  lifecycleEvents.processRestart,
)
