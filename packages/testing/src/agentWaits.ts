import { describedAs } from './format.ts'
import {
  type LifecycleWaitOptions,
  lifecycleEvents,
  subjectIs,
  waitForLifecycle,
  waitForSubject,
} from './lifecycleEvents.ts'
import type { TelemetryEvent } from './match.ts'
import type { TelemetryLike } from './observe.ts'

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
  const isAgent = subjectIs(spec.keys, agentId)
  // A span's `.stop` also ends failed registrations; those carry `success: false`.
  const registered = describedAs(
    (metadata: Record<string, unknown>) => isAgent(metadata) && metadata.success !== false,
    () => `${isAgent} and success is not false`,
  )
  return waitForLifecycle('waitForAgentRegistration', telemetry, spec, registered, options)
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
  return waitForSubject(
    'waitForCoordinationCompletion',
    telemetry,
    lifecycleEvents.coordinationCompletion,
    coordinationId,
    options,
  )
}
