import { TelemetryExpectationError } from './expectationError.ts'
import { formatMatch, formatValue } from './format.ts'
import { type EventMatch, type EventName, eventMatchesPattern, matchEvent } from './match.ts'
import {
  attachObserver,
  resolveClock,
  runAction,
  startTimeout,
  type TelemetryLike,
  type WaitOptions,
} from './observe.ts'
import { checkAction, checkEventName, checkTelemetry, rejectWith } from './validate.ts'
import { WaitSettlement } from './waitSettlement.ts'

/** Options for {@link refuteTelemetryEvent}. */
export interface RefuteOptions extends WaitOptions {
  /**
   * A grace window in ms after the action settles during which a match still fails the
   * refutation (for events emitted later, from timers or I/O). Defaults to 0: resolve as soon as
   * the action settles.
   */
  timeout?: number
}

/**
 * Run `action` and fail if an event named `event` matching `match` is emitted during it (or during
 * the optional grace window after it). Rejects at the first offending event, naming it; rejects
 * with the action's own error if it throws. Detaches its handler however it ends.
 *
 * @example
 * await refuteTelemetryEvent(t, 'foundation.circuit_breaker.state_change', { metadata: { to: 'open' } }, () =>
 *   breaker.call(() => 'ok'),
 * )
 */
export function refuteTelemetryEvent<TName extends EventName>(
  telemetry: TelemetryLike,
  event: TName,
  match: EventMatch<TName> | undefined,
  action: () => unknown,
  options?: RefuteOptions,
): Promise<void> {
  const helper = 'refuteTelemetryEvent'
  const problem =
    checkTelemetry(helper, telemetry) ?? checkEventName(helper, event) ?? checkAction(helper, action)
  if (problem) return rejectWith(problem)
  return new Promise<void>((resolve, reject) => {
    const clock = resolveClock(telemetry, options)
    const settlement = new WaitSettlement<void>(resolve, reject)
    const finish = (error?: unknown) => settlement.finish(error)
    let seq = 0
    settlement.hold(
      attachObserver(
        telemetry,
        [event],
        (name, measurements, metadata) => {
          seq += 1
          if (
            settlement.finished ||
            !eventMatchesPattern(event, name) ||
            !matchEvent(match, measurements, metadata)
          )
            return
          finish(
            new TelemetryExpectationError(
              helper,
              `${helper}: expected no telemetry event ${event} matching ${formatMatch(match)}, but #${seq} ${name} matched:\n` +
                `    measurements ${formatValue(measurements)}\n    metadata ${formatValue(metadata)}`,
            ),
          )
        },
        finish,
      ),
    )
    runAction(action).then(
      () => {
        const grace = options?.timeout ?? 0
        if (grace <= 0) finish()
        else settlement.hold(startTimeout(clock, grace, () => finish()))
      },
      (error: unknown) =>
        finish(error ?? new Error(`${helper}: the action rejected with ${formatValue(error)}`)),
    )
  })
}
