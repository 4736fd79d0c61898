import { expectSteps } from './expectSteps.ts'
import type { EventStep, TelemetryEvent } from './match.ts'
import type { TelemetryLike, WaitOptions } from './observe.ts'

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
  return expectSteps('assertTelemetrySequence', telemetry, steps, 'sequence', action, options).then(
    (events) => events.map(({ event, measurements, metadata }) => ({ event, measurements, metadata })),
  )
}
