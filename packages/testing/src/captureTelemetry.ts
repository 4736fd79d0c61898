import { TelemetryExpectationError } from './expectationError.ts'
import { formatValue } from './format.ts'
import type { TelemetryEvent } from './match.ts'
import { eventMatchesPattern } from './match.ts'
import { attachObserver, runAction, snapshotEvent, type TelemetryLike } from './observe.ts'
import { checkEventName, checkTelemetry, rejectWith } from './validate.ts'
import { WaitSettlement } from './waitSettlement.ts'

/** One captured event, with the instance clock's time when it was received. */
export interface CapturedEvent extends TelemetryEvent {
  /** `clock.now()` of the telemetry instance at receipt: epoch ms. */
  time: number
}

/** Options for {@link captureTelemetry}. */
export interface CaptureOptions {
  /**
   * The most events kept; one more rejects the capture (memory stays bounded and a runaway
   * emitter is reported rather than truncated silently). Defaults to 10 000.
   */
  limit?: number
}

/**
 * Run `fn` and resolve with every event (of `events`: a name, a list, prefix patterns, or `'*'`
 * for all) emitted while it ran, in order, each with its time. Rejects with `fn`'s error if it
 * throws. For testing the emitting code itself, where there is no later event to wait for.
 *
 * @example
 * const events = await captureTelemetry(t, 'foundation.retry.*', () => retry(flaky, { maxAttempts: 2 }))
 * expect(events.map((e) => e.event)).toEqual([
 *   'foundation.retry.attempt.start',
 *   'foundation.retry.attempt.exception',
 *   'foundation.retry.backoff',
 *   'foundation.retry.attempt.start',
 *   'foundation.retry.attempt.exception',
 *   'foundation.retry.exhausted',
 * ])
 */
export function captureTelemetry(
  telemetry: TelemetryLike,
  events: string | readonly string[],
  fn: () => unknown,
  options?: CaptureOptions,
): Promise<CapturedEvent[]> {
  const helper = 'captureTelemetry'
  const patterns: readonly string[] = typeof events === 'string' ? [events] : events
  const problem =
    checkTelemetry(helper, telemetry) ??
    (patterns.length === 0 ? `${helper}: expected an event name, a list, or '*'.` : undefined) ??
    patterns.map((p) => checkEventName(helper, p)).find((p) => p !== undefined)
  if (problem) return rejectWith(problem)
  if (typeof fn !== 'function') return rejectWith(`${helper}: the function to run must be a function.`)
  const limit = options?.limit ?? 10_000
  const now = telemetry.clock ? () => telemetry.clock!.now() : () => Date.now()
  return new Promise<CapturedEvent[]>((resolve, reject) => {
    const captured: CapturedEvent[] = []
    const settlement = new WaitSettlement<CapturedEvent[]>(resolve, reject)
    const finish = (error?: unknown) => settlement.finish(error, captured)
    settlement.hold(
      attachObserver(
        telemetry,
        patterns,
        (name, measurements, metadata) => {
          if (settlement.finished || !patterns.some((pattern) => eventMatchesPattern(pattern, name))) return
          if (captured.length >= limit) {
            finish(
              new TelemetryExpectationError(
                helper,
                `${helper}: more than ${limit} events captured; narrow the events or raise \`limit\`.`,
              ),
            )
            return
          }
          captured.push({ ...snapshotEvent(name, measurements, metadata), time: now() })
        },
        finish,
      ),
    )
    runAction(fn).then(
      () => finish(),
      (error: unknown) =>
        finish(error ?? new Error(`${helper}: the function rejected with ${formatValue(error)}`)),
    )
  })
}
