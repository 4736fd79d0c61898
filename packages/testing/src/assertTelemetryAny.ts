import { checkSteps } from './assertTelemetrySequence.ts'
import { expectEvents } from './expectEvents.ts'
import { type EventStep, normalizeStep, type TelemetryEvent } from './match.ts'
import type { TelemetryLike, WaitOptions } from './observe.ts'
import { checkAction, checkTelemetry, rejectWith } from './validate.ts'

/** The event {@link assertTelemetryAny} matched, and which of the expectations it satisfied. */
export interface AnyTelemetryEvent extends TelemetryEvent {
  /** Index into the list given to {@link assertTelemetryAny}. */
  index: number
}

/**
 * Run `action` and wait for the first event that satisfies any one of `steps` (names or
 * `[name, match]`). Resolves with that event and the index of the step it matched.
 *
 * @example
 * const outcome = await assertTelemetryAny(
 *   t,
 *   [
 *     ['foundation.mabeam.coordination.completed', { metadata: { session_id: id } }],
 *     ['foundation.mabeam.coordination.failed', { metadata: { session_id: id } }],
 *   ],
 *   () => coordinator.run(id),
 * )
 * expect(outcome.index).toBe(0)
 */
export function assertTelemetryAny(
  telemetry: TelemetryLike,
  steps: readonly EventStep[],
  action: () => unknown,
  options?: WaitOptions,
): Promise<AnyTelemetryEvent> {
  const helper = 'assertTelemetryAny'
  const problem =
    checkTelemetry(helper, telemetry) ?? checkSteps(helper, steps) ?? checkAction(helper, action)
  if (problem) return rejectWith(problem)
  return expectEvents(helper, telemetry, steps.map(normalizeStep), 'any', action, options).then(
    ([first]) => first!,
  )
}
