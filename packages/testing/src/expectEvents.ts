/**
 * The engine behind assert / sequence / any / waitFor: observe the bus, run the action, settle
 * when the expectations are met (and the action has settled), or time out with a message that
 * says what was expected, what was seen, and how the closest event differs.
 */
import type { Measurements, Metadata } from '@foundation-telemetry/taxonomy'
import type { Expectation } from './eventLog.ts'
import { TelemetryExpectationError } from './expectationError.ts'
import { ExpectationProgress, type ExpectMode, type IndexedEvent } from './expectationProgress.ts'
import { formatValue } from './format.ts'
import {
  attachObserver,
  DEFAULT_TIMEOUT,
  resolveClock,
  runAction,
  startTimeout,
  type TelemetryLike,
  timeoutNote,
  type WaitOptions,
} from './observe.ts'
import { WaitSettlement } from './waitSettlement.ts'

export type { ExpectMode, IndexedEvent } from './expectationProgress.ts'

/** Run the engine. `helper` names the caller in messages. */
export function expectEvents(
  helper: string,
  telemetry: TelemetryLike,
  expectations: readonly Expectation[],
  mode: ExpectMode,
  action: (() => unknown) | undefined,
  options: WaitOptions | undefined,
): Promise<IndexedEvent[]> {
  return new Promise<IndexedEvent[]>((resolve, reject) => {
    const clock = resolveClock(telemetry, options)
    const timeout = options?.timeout ?? DEFAULT_TIMEOUT
    const progress = new ExpectationProgress(expectations, mode)
    const settlement = new WaitSettlement<IndexedEvent[]>(resolve, reject)
    let actionSettled = action === undefined
    const settleIfDone = () => {
      if (progress.complete && actionSettled) settlement.finish(undefined, progress.matched)
    }

    const observe = (event: string, measurements: Measurements, metadata: Metadata) => {
      if (settlement.finished || progress.complete) return
      if (progress.record(event, measurements, metadata)) settleIfDone()
    }
    const patterns = expectations.map((e) => e.event)
    settlement.hold(attachObserver(telemetry, patterns, observe, (error) => settlement.finish(error, [])))
    settlement.hold(
      startTimeout(clock, timeout, (cause) => {
        const message = progress.describeTimeout(helper, timeout) + timeoutNote(cause, clock)
        settlement.finish(new TelemetryExpectationError(helper, message))
      }),
    )

    if (action) {
      runAction(action).then(
        () => {
          actionSettled = true
          settleIfDone()
        },
        (error: unknown) =>
          settlement.finish(error ?? new Error(`${helper}: the action rejected with ${formatValue(error)}`)),
      )
    }
    settleIfDone()
  })
}
