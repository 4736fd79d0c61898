/**
 * The engine behind assert / sequence / any / waitFor: observe the bus, run the action, settle
 * when the expectations are met (and the action has settled), or time out with a message that
 * says what was expected, what was seen, and how the closest event differs.
 */
import { createEventLog, type Expectation } from './eventLog.ts'
import { TelemetryExpectationError } from './expectationError.ts'
import { formatMatch, formatValue } from './format.ts'
import { eventMatchesPattern, matchEvent } from './match.ts'
import {
  attachObserver,
  DEFAULT_TIMEOUT,
  type ObservedEvent,
  resolveClock,
  runAction,
  snapshotEvent,
  startTimeout,
  type TelemetryLike,
  timeoutNote,
  type WaitOptions,
} from './observe.ts'

/** `sequence`: every expectation, in order. `any`: the first event matching one of them. */
export type ExpectMode = 'sequence' | 'any'

/** A matched event and the index of the expectation it satisfied. */
export interface IndexedEvent extends ObservedEvent {
  index: number
}

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
    const log = createEventLog(expectations)
    const matched: IndexedEvent[] = []
    const matchedAt: number[] = []
    let complete = expectations.length === 0
    let actionSettled = action === undefined
    let finished = false
    let detach: () => void = () => {}
    let cancelTimeout: () => void = () => {}

    const finish = (error: unknown, value?: IndexedEvent[]) => {
      if (finished) return
      finished = true
      detach()
      cancelTimeout()
      if (error === undefined) resolve(value ?? [])
      else reject(error)
    }
    const settleIfDone = () => {
      if (complete && actionSettled) finish(undefined, matched)
    }

    detach = attachObserver(
      telemetry,
      expectations.map((e) => e.event),
      (event, measurements, metadata) => {
        if (finished || complete) return
        const seq = log.record(event, measurements, metadata)
        if (mode === 'sequence') {
          const index = matched.length
          const next = expectations[index]!
          if (!eventMatchesPattern(next.event, event) || !matchEvent(next.match, measurements, metadata))
            return
          matched.push({ ...snapshotEvent(event, measurements, metadata), index })
          matchedAt.push(seq)
          complete = matched.length === expectations.length
        } else {
          const index = expectations.findIndex(
            (e) => eventMatchesPattern(e.event, event) && matchEvent(e.match, measurements, metadata),
          )
          if (index < 0) return
          matched.push({ ...snapshotEvent(event, measurements, metadata), index })
          complete = true
        }
        settleIfDone()
      },
      (error) => finish(error),
    )

    cancelTimeout = startTimeout(clock, timeout, (cause) => {
      finish(
        new TelemetryExpectationError(
          helper,
          timeoutMessage(helper, expectations, mode, matched, matchedAt, complete, timeout, log) +
            timeoutNote(cause, clock),
        ),
      )
    })

    if (action) {
      runAction(action).then(
        () => {
          actionSettled = true
          settleIfDone()
        },
        (error: unknown) =>
          finish(error ?? new Error(`${helper}: the action rejected with ${formatValue(error)}`)),
      )
    }
    settleIfDone()
  })
}

function timeoutMessage(
  helper: string,
  expectations: readonly Expectation[],
  mode: ExpectMode,
  matched: readonly IndexedEvent[],
  matchedAt: readonly number[],
  complete: boolean,
  timeout: number,
  log: ReturnType<typeof createEventLog>,
): string {
  if (complete) {
    return `${helper}: the expected telemetry was emitted, but the action had not settled after ${timeout} ms.`
  }
  const lines: string[] = []
  if (mode === 'any') {
    lines.push(`${helper}: none of these telemetry events was emitted within ${timeout} ms:`)
    const shared = expectations.every((e) => e.match === expectations[0]?.match)
    if (shared && expectations.length > 1) {
      lines.push(
        `  ${expectations.map((e) => e.event).join(', ')}\n  matching ${formatMatch(expectations[0]?.match)}`,
      )
    } else {
      expectations.forEach((e, i) => {
        lines.push(`  ${i + 1}. ${e.event} matching ${formatMatch(e.match)}`)
      })
    }
    lines.push(log.describeSeen())
    const best = log.bestIndex()
    lines.push(
      expectations.length > 1 ? `For ${best + 1}: ${log.describeClosest(best)}` : log.describeClosest(best),
    )
    return lines.join('\n')
  }
  const pending = matched.length
  const expected = expectations[pending]!
  if (expectations.length === 1) {
    lines.push(
      `${helper}: expected telemetry event ${expected.event} matching ${formatMatch(expected.match)}, but none arrived within ${timeout} ms.`,
    )
  } else {
    lines.push(
      `${helper}: expected ${expectations.length} telemetry events in order; ${pending} matched within ${timeout} ms:`,
    )
    expectations.forEach((e, i) => {
      const state = i < pending ? `matched (#${matchedAt[i]})` : i === pending ? 'WAITING' : 'not reached'
      lines.push(`  ${i + 1}. ${e.event} matching ${formatMatch(e.match)}: ${state}`)
    })
  }
  lines.push(log.describeSeen())
  const closestSeq = log.closestSeq(pending)
  const before = pending > 0 && closestSeq !== undefined && closestSeq < matchedAt[pending - 1]!
  lines.push(
    `${log.describeClosest(pending)}${before ? `\n  (it came before step ${pending} matched: out of order?)` : ''}`,
  )
  return lines.join('\n')
}
