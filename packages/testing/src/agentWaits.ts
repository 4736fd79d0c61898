import { describedAs } from './format.ts'
import { lifecycleEvents, type SubjectWait, subjectWait } from './lifecycleEvents.ts'

// A span's `.stop` also ends failed registrations; those carry `success: false`.
const succeeded = describedAs(
  (metadata: Record<string, unknown>) => metadata.success !== false,
  () => 'success is not false',
)

/**
 * Wait for the agent with id `subject` to finish registering (`foundation_jido.agent.registration.complete`,
 * or seed 003's `foundation.mabeam.agent.registered`), matched on metadata `agent_id`.
 *
 * @example
 * const registered = waitForAgentRegistration(t, 'agent_1')
 * await agents.register({ id: 'agent_1', capabilities: ['search'] })
 * await registered
 */
export const waitForAgentRegistration: SubjectWait = subjectWait(
  'waitForAgentRegistration',
  lifecycleEvents.agentRegistration,
  succeeded,
)

/**
 * Wait for the coordination with id `subject` to end (a session, auction or multi-agent run: metadata
 * `coordination_id`, `session_id` or `auction_id`). Resolves on failure too, whether reported as
 * `success: false` on the end event or as a span's `.exception` (seed 003's `...coordination.failed`):
 * check `event` and `metadata.success` on the result.
 *
 * @example
 * const done = waitForCoordinationCompletion(t, sessionId)
 * coordinator.start(sessionId, ['agent_1', 'agent_2'])
 * const { metadata } = await done
 */
export const waitForCoordinationCompletion: SubjectWait = subjectWait(
  'waitForCoordinationCompletion',
  lifecycleEvents.coordinationCompletion,
)
