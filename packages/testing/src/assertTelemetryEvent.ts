import { expectEvents } from './expectEvents.ts'
import type { EventMatch, EventName, TelemetryEvent } from './match.ts'
import type { TelemetryLike, WaitOptions } from './observe.ts'
import { checkAction, checkEventName, checkTelemetry, rejectWith } from './validate.ts'

/**
 * Run `action` and wait for an event named `event` (or under a `prefix.*` pattern) whose
 * measurements and metadata satisfy `match`. Resolves with the first matching event once the
 * action has settled too. Rejects with the action's own error if it throws, or, after `timeout`
 * (default 1000 ms on the telemetry instance's clock), with a message naming the expected event
 * and match, listing the events seen and diffing the closest one. Every handler it attached is
 * detached however it ends.
 *
 * @example
 * const { metadata } = await assertTelemetryEvent(
 *   t,
 *   'foundation.circuit_breaker.state_change',
 *   { metadata: { name: 'payments', to: 'open' } },
 *   async () => {
 *     for (let i = 0; i < 3; i++) await breaker.call(() => Promise.reject(new Error('fail')))
 *   },
 * )
 */
export function assertTelemetryEvent<TName extends EventName>(
  telemetry: TelemetryLike,
  event: TName,
  // One signature, not two overloads: a wrong match value is then reported at the match itself,
  // where an overloaded call reports "no overload matches" at the function name.
  ...rest:
    | [match: EventMatch<NoInfer<TName>> | undefined, action: () => unknown, options?: WaitOptions]
    | [action: () => unknown, options?: WaitOptions]
): Promise<TelemetryEvent<TName>>
export function assertTelemetryEvent(
  telemetry: TelemetryLike,
  event: string,
  matchOrAction: EventMatch | (() => unknown) | undefined,
  actionOrOptions?: (() => unknown) | WaitOptions,
  maybeOptions?: WaitOptions,
): Promise<TelemetryEvent> {
  const helper = 'assertTelemetryEvent'
  const shifted = typeof matchOrAction === 'function'
  const match = shifted ? undefined : matchOrAction
  const action = (shifted ? matchOrAction : actionOrOptions) as () => unknown
  const options = (shifted ? actionOrOptions : maybeOptions) as WaitOptions | undefined
  const problem =
    checkTelemetry(helper, telemetry) ?? checkEventName(helper, event) ?? checkAction(helper, action)
  if (problem) return rejectWith(problem)
  return expectEvents(helper, telemetry, [{ event, match }], 'sequence', action, options).then(([first]) => ({
    event: first!.event,
    measurements: first!.measurements,
    metadata: first!.metadata,
  }))
}
