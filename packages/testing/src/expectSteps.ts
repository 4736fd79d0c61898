import { type ExpectMode, expectEvents, type IndexedEvent } from './expectEvents.ts'
import { type EventStep, normalizeStep } from './match.ts'
import type { TelemetryLike, WaitOptions } from './observe.ts'
import { checkAction, checkSteps, checkTelemetry, rejectWith } from './validate.ts'

/**
 * The body of the helpers that take a list of steps and an action (`assertTelemetrySequence`,
 * `assertTelemetryAny`): check the arguments (a bad one rejects with a TypeError naming `helper`),
 * then run {@link expectEvents} in `mode` over the steps (names or `[name, match]`).
 */
export function expectSteps(
  helper: string,
  telemetry: TelemetryLike,
  steps: readonly EventStep[],
  mode: ExpectMode,
  action: () => unknown,
  options: WaitOptions | undefined,
): Promise<IndexedEvent[]> {
  const problem =
    checkTelemetry(helper, telemetry) ?? checkSteps(helper, steps) ?? checkAction(helper, action)
  if (problem) return rejectWith(problem)
  return expectEvents(helper, telemetry, steps.map(normalizeStep), mode, action, options)
}
