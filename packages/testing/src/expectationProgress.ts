/**
 * How far the events seen so far got through a list of expectations, and the timeout message
 * that says what was expected, what was seen, and how the closest event differs.
 */
import type { Measurements, Metadata } from '@foundation-telemetry/taxonomy'
import { createEventLog, type EventLog, type Expectation } from './eventLog.ts'
import { formatMatch } from './format.ts'
import { eventMatchesPattern, matchEvent } from './match.ts'
import { type ObservedEvent, snapshotEvent } from './observe.ts'

/** `sequence`: every expectation, in order. `any`: the first event matching one of them. */
export type ExpectMode = 'sequence' | 'any'

/** A matched event and the index of the expectation it satisfied. */
export interface IndexedEvent extends ObservedEvent {
  index: number
}

/** See the module comment. Every recorded event also goes to the log the message is built from. */
export class ExpectationProgress {
  /** The events matched so far, in the order they matched. */
  readonly matched: IndexedEvent[] = []
  /** Whether every expectation (`sequence`) or one of them (`any`) has matched. */
  complete: boolean
  private readonly expectations: readonly Expectation[]
  private readonly mode: ExpectMode
  private readonly log: EventLog
  /** The log's sequence number of each matched event. */
  private readonly matchedAt: number[] = []

  constructor(expectations: readonly Expectation[], mode: ExpectMode) {
    this.expectations = expectations
    this.mode = mode
    this.log = createEventLog(expectations)
    this.complete = expectations.length === 0
  }

  /** Record one event; returns whether it matched an expectation. */
  record(event: string, measurements: Measurements, metadata: Metadata): boolean {
    const seq = this.log.record(event, measurements, metadata)
    const index = this.matchingIndex(event, measurements, metadata)
    if (index < 0) return false
    this.matched.push({ ...snapshotEvent(event, measurements, metadata), index })
    this.matchedAt.push(seq)
    this.complete = this.mode === 'any' || this.matched.length === this.expectations.length
    return true
  }

  /** The timeout message of `helper` after `timeout` ms. */
  describeTimeout(helper: string, timeout: number): string {
    if (this.complete) {
      return `${helper}: the expected telemetry was emitted, but the action had not settled after ${timeout} ms.`
    }
    return this.mode === 'any'
      ? describeNoneMatched(helper, this.expectations, timeout, this.log)
      : describeSequenceStalled(helper, this.expectations, this.matchedAt, timeout, this.log)
  }

  /** `sequence`: the next expectation's index if the event matches it; `any`: the first it matches; else -1. */
  private matchingIndex(event: string, measurements: Measurements, metadata: Metadata): number {
    const matches = (e: Expectation) =>
      eventMatchesPattern(e.event, event) && matchEvent(e.match, measurements, metadata)
    if (this.mode === 'any') return this.expectations.findIndex(matches)
    const next = this.matched.length
    return matches(this.expectations[next]!) ? next : -1
  }
}

/** `any` mode: none of the expectations matched. */
function describeNoneMatched(
  helper: string,
  expectations: readonly Expectation[],
  timeout: number,
  log: EventLog,
): string {
  const lines = [`${helper}: none of these telemetry events was emitted within ${timeout} ms:`]
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

/** `sequence` mode: the first `matchedAt.length` expectations matched, the next one never did. */
function describeSequenceStalled(
  helper: string,
  expectations: readonly Expectation[],
  matchedAt: readonly number[],
  timeout: number,
  log: EventLog,
): string {
  const lines: string[] = []
  const pending = matchedAt.length
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
