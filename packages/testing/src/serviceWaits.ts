import { lifecycleEvents, subjectIs } from './lifecycleEvents.ts'
import type { TelemetryEvent } from './match.ts'
import type { TelemetryLike, WaitOptions } from './observe.ts'
import { waitForEvents } from './waitForTelemetryEvent.ts'

/** Options for the lifecycle waits: a timeout, a clock, and the event names to listen for. */
export interface LifecycleWaitOptions extends WaitOptions {
  /** Event names (or prefix patterns) to accept instead of the defaults in {@link lifecycleEvents}. */
  events?: readonly string[]
}

/**
 * Wait for `service` to report it is ready (`foundation.service.ready`, or seed 003's
 * `foundation.service.started`), with the service named in metadata `service` (or `service_name`,
 * `service_id`, `name`). Start the wait before starting the service.
 *
 * @example
 * const ready = waitForServiceReady(t, 'connection_manager')
 * await services.start('connection_manager')
 * await ready
 */
export function waitForServiceReady(
  telemetry: TelemetryLike,
  service: string,
  options?: LifecycleWaitOptions,
): Promise<TelemetryEvent> {
  const spec = lifecycleEvents.serviceReady
  return waitForEvents(
    'waitForServiceReady',
    telemetry,
    options?.events ?? spec.events,
    { metadata: subjectIs(spec.keys, service) },
    options,
  )
}

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
  const spec = lifecycleEvents.serviceHealth
  const isService = subjectIs(spec.keys, service)
  const hasStatus = subjectIs(['status', 'health_status', 'to'], status)
  const both = (metadata: Record<string, unknown>) => isService(metadata) && hasStatus(metadata)
  Object.defineProperty(both, 'toString', { value: () => `${isService} and ${hasStatus}` })
  return waitForEvents(
    'waitForServiceHealth',
    telemetry,
    options?.events ?? spec.events,
    { metadata: both },
    options,
  )
}

/**
 * Wait for `name` (a service or process) to be restarted: `foundation.service.restarted` or
 * `foundation.process.restarted`. Start the wait before killing it.
 *
 * @example
 * const restarted = waitForProcessRestart(t, 'connection_manager')
 * worker.kill()
 * const { measurements } = await restarted
 */
export function waitForProcessRestart(
  telemetry: TelemetryLike,
  name: string,
  options?: LifecycleWaitOptions,
): Promise<TelemetryEvent> {
  const spec = lifecycleEvents.processRestart
  return waitForEvents(
    'waitForProcessRestart',
    telemetry,
    options?.events ?? spec.events,
    { metadata: subjectIs(spec.keys, name) },
    options,
  )
}
