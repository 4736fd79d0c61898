import { expectEvents } from './expectEvents.ts'
import { type EventStep, normalizeStep, type TelemetryEvent } from './match.ts'
import type { TelemetryLike, WaitOptions } from './observe.ts'
import { checkAction, checkEventName, checkTelemetry, rejectWith } from './validate.ts'

/**
 * Run `action` and wait for every step, in order: each step is an event name or
 * `[name, match]`, and other events may come in between. Resolves with the matched events (one
 * per step) once the action has settled. On timeout the message shows which steps matched, which
 * one it was waiting for, and the closest event to it (flagging one that came out of order).
 *
 * @example
 * await assertTelemetrySequence(
 *   t,
 *   [
 *     ['foundation.retry.exhausted', { metadata: { total_attempts: 3 } }],
 *     ['foundation.circuit_breaker.state_change', { metadata: { to: 'open' } }],
 *   ],
 *   () => breaker.call(() => retry(flaky, { maxAttempts: 3 })),
 * )
 */
export function assertTelemetrySequence(
  telemetry: TelemetryLike,
  steps: readonly EventStep[],
  action: () => unknown,
  options?: WaitOptions,
): Promise<TelemetryEvent[]> {
  const helper = 'assertTelemetrySequence'
  const problem =
    checkTelemetry(helper, telemetry) ?? checkSteps(helper, steps) ?? checkAction(helper, action)
  if (problem) return rejectWith(problem)
  return expectEvents(helper, telemetry, steps.map(normalizeStep), 'sequence', action, options).then(
    (events) => events.map(({ event, measurements, metadata }) => ({ event, measurements, metadata })),
  )
}

/** A message for the first malformed step, or undefined. */
export function checkSteps(helper: string, steps: unknown): string | undefined {
  if (!Array.isArray(steps) || steps.length === 0) return `${helper}: expected a non-empty list of events.`
  for (const step of steps) {
    const problem = checkEventName(
      helper,
      typeof step === 'string' ? step : Array.isArray(step) ? step[0] : step,
    )
    if (problem) return problem
  }
  return undefined
}
