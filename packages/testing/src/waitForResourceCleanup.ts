import { type LifecycleWaitOptions, lifecycleEvents, waitForLifecycle } from './lifecycleEvents.ts'
import type { TelemetryEvent } from './match.ts'
import type { TelemetryLike } from './observe.ts'

/**
 * Wait for a resource to be released or cleaned up (`foundation.resource.released`,
 * `foundation.resource_manager.cleanup`, ...). With `resourceId`, only events naming it (metadata
 * `resource_id`, `resource_type`, `token_id` or `pool_id`) count; without, the next cleanup does.
 *
 * @example
 * const released = waitForResourceCleanup(t, 'conn-42')
 * await pool.release(connection)
 * await released
 */
export function waitForResourceCleanup(
  telemetry: TelemetryLike,
  resourceId?: string,
  options?: LifecycleWaitOptions,
): Promise<TelemetryEvent> {
  return waitForLifecycle(
    'waitForResourceCleanup',
    telemetry,
    lifecycleEvents.resourceCleanup,
    resourceId,
    options,
  )
}
