import { describedAs } from './format.ts'
import { type LifecycleWaitOptions, lifecycleEvents, waitForLifecycle } from './lifecycleEvents.ts'
import type { TelemetryEvent } from './match.ts'
import type { TelemetryLike } from './observe.ts'

// A span's `.stop` also ends failed registrations; those carry `success: false`.
const succeeded = describedAs(
  (metadata: Record<string, unknown>) => metadata.success !== false,
  () => 'success is not false',
)

/**
 * Wait for agent `agentId` to finish registering (`foundation_jido.agent.registration.complete`,
 * or seed 003's `foundation.mabeam.agent.registered`), matched on metadata `agent_id`.
 *
 * @example
 * const registered = waitForAgentRegistration(t, 'agent_1')
 * await agents.register({ id: 'agent_1', capabilities: ['search'] })
 * await registered
 */
export function waitForAgentRegistration(
  telemetry: TelemetryLike,
  agentId: string,
  options?: LifecycleWaitOptions,
): Promise<TelemetryEvent> {
  const spec = lifecycleEvents.agentRegistration
  return waitForLifecycle('waitForAgentRegistration', telemetry, spec, agentId, options, succeeded)
}

/**
 * Wait for coordination `coordinationId` to end (a session, auction or multi-agent run: metadata
 * `coordination_id`, `session_id` or `auction_id`). Resolves on failure too, whether reported as
 * `success: false` on the end event or as a span's `.exception` (seed 003's `...coordination.failed`):
 * check `event` and `metadata.success` on the result.
 *
 * @example
 * const done = waitForCoordinationCompletion(t, sessionId)
 * coordinator.start(sessionId, ['agent_1', 'agent_2'])
 * const { metadata } = await done
 */
export function waitForCoordinationCompletion(
  telemetry: TelemetryLike,
  coordinationId: string,
  options?: LifecycleWaitOptions,
): Promise<TelemetryEvent> {
  return waitForLifecycle(
    'waitForCoordinationCompletion',
    telemetry,
    lifecycleEvents.coordinationCompletion,
    coordinationId,
    options,
  )
}
