import { expectEvents } from './expectEvents.ts'
import type { EventMatch, EventName, TelemetryEvent } from './match.ts'
import type { TelemetryLike, WaitOptions } from './observe.ts'
import { checkSteps, checkTelemetry, rejectWith } from './validate.ts'

/**
 * Wait, without running anything, for the next event named `event` (or any of a list of names,
 * or under a `prefix.*` pattern) that satisfies `match`. Start the wait before triggering what
 * emits the event: events emitted before the call are not seen.
 *
 * @example
 * const cleaned = waitForTelemetryEvent(t, 'foundation.resource_manager.cleanup')
 * clock.advance(60_000) // the cleanup cycle is timer driven
 * const { measurements } = await cleaned
 */
export function waitForTelemetryEvent<TName extends EventName>(
  telemetry: TelemetryLike,
  event: TName | readonly TName[],
  match?: EventMatch<TName>,
  options?: WaitOptions,
): Promise<TelemetryEvent<TName>> {
  return waitForEvents(
    'waitForTelemetryEvent',
    telemetry,
    event,
    match as EventMatch | undefined,
    options,
  ) as Promise<TelemetryEvent<TName>>
}

/** {@link waitForTelemetryEvent} reporting as `helper`, for the helpers built on it. */
export function waitForEvents(
  helper: string,
  telemetry: TelemetryLike,
  event: string | readonly string[],
  match: EventMatch | undefined,
  options: WaitOptions | undefined,
): Promise<TelemetryEvent> {
  const names: readonly string[] = typeof event === 'string' ? [event] : event
  const problem = checkTelemetry(helper, telemetry) ?? checkSteps(helper, names)
  if (problem) return rejectWith(problem)
  const expectations = names.map((name) => ({ event: name, match }))
  return expectEvents(helper, telemetry, expectations, 'any', undefined, options).then(([first]) => ({
    event: first!.event,
    measurements: first!.measurements,
    metadata: first!.metadata,
  }))
}
