import { expectSteps } from './expectSteps.ts'
import type { EventStep, TelemetryEvent } from './match.ts'
import type { TelemetryLike, WaitOptions } from './observe.ts'

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
  return expectSteps('assertTelemetryAny', telemetry, steps, 'any', action, options).then(([first]) => first!)
}
