/**
 * A bounded record of the events a helper saw, for failure messages: counts per name, the last
 * few events, and for each expectation the closest event seen (same name or nearest prefix,
 * then fewest differing keys). Memory stays bounded however many events pass.
 */
import type { Measurements, Metadata } from '@foundation-telemetry/taxonomy'
import { diffEvent, formatMismatches, formatValue, type Mismatch } from './format.ts'
import { type EventMatch, eventMatchesPattern } from './match.ts'
import { type ObservedEvent, snapshotEvent } from './observe.ts'

/** One expected event: a name or prefix pattern and an optional match. */
export interface Expectation {
  event: string
  match?: EventMatch | undefined
}

const MAX_NAMES = 200
const RECENT = 10

interface Candidate {
  seq: number
  nameScore: number
  mismatches: Mismatch[]
  observed: ObservedEvent
}

/** See the module comment. */
export interface EventLog {
  record(event: string, measurements: Measurements, metadata: Metadata): number
  readonly total: number
  /** A multi-line summary: counts per name and the most recent events. */
  describeSeen(): string
  /** A multi-line diff of the closest event to expectation `index`, or a note that none was close. */
  describeClosest(index: number): string
  /** The sequence number (1-based) of the closest event to expectation `index`, if any. */
  closestSeq(index: number): number | undefined
  /** The expectation whose closest event is closest overall (same name first, then fewest differences). */
  bestIndex(): number
}

/** Create a log that scores every event against `expectations`. */
export function createEventLog(expectations: readonly Expectation[]): EventLog {
  const counts = new Map<string, number>()
  let otherNames = 0
  const recent: ObservedEvent[] = []
  const recentSeq: number[] = []
  const closest: Array<Candidate | undefined> = expectations.map(() => undefined)
  let total = 0

  return {
    get total() {
      return total
    },
    record(event, measurements, metadata) {
      total += 1
      const seen = counts.get(event)
      if (seen !== undefined) counts.set(event, seen + 1)
      else if (counts.size < MAX_NAMES) counts.set(event, 1)
      else otherNames += 1
      const observed = snapshotEvent(event, measurements, metadata)
      recent.push(observed)
      recentSeq.push(total)
      if (recent.length > RECENT) {
        recent.shift()
        recentSeq.shift()
      }
      for (let i = 0; i < expectations.length; i++) {
        const expectation = expectations[i]!
        const nameScore = scoreName(expectation.event, event)
        if (nameScore === 0) continue
        const best = closest[i]
        if (best && best.nameScore > nameScore) continue
        const mismatches = diffEvent(expectation.match, measurements, metadata)
        if (best && best.nameScore === nameScore && best.mismatches.length < mismatches.length) continue
        closest[i] = { seq: total, nameScore, mismatches, observed }
      }
      return total
    },
    describeSeen() {
      if (total === 0) return 'No events were seen.'
      const lines = [`Seen ${total} event${total === 1 ? '' : 's'}:`]
      for (const [name, count] of counts) lines.push(`  ${name} ×${count}`)
      if (otherNames > 0) lines.push(`  … ${otherNames} more under other names`)
      lines.push(`Last ${recent.length}:`)
      recent.forEach((observed, i) => {
        lines.push(
          `  #${recentSeq[i]} ${observed.event} measurements ${formatValue(observed.measurements)} metadata ${formatValue(observed.metadata)}`,
        )
      })
      return lines.join('\n')
    },
    describeClosest(index) {
      const expectation = expectations[index]
      const best = closest[index]
      if (!expectation || !best) return 'No event with that name or a similar prefix was seen.'
      const nameLine = eventMatchesPattern(expectation.event, best.observed.event)
        ? ''
        : `\n  ${'event'.padEnd(5)}  expected ${formatValue(expectation.event)}, received ${formatValue(best.observed.event)}`
      return `Closest: #${best.seq} ${best.observed.event} (expected vs received):${nameLine}\n${formatMismatches(best.mismatches, '  ')}`
    },
    closestSeq(index) {
      return closest[index]?.seq
    },
    bestIndex() {
      let best = 0
      for (let i = 1; i < closest.length; i++) {
        const a = closest[i]
        const b = closest[best]
        if (!a) continue
        if (
          !b ||
          a.nameScore > b.nameScore ||
          (a.nameScore === b.nameScore && a.mismatches.length < b.mismatches.length)
        ) {
          best = i
        }
      }
      return best
    },
  }
}

/**
 * How close `name` is to `pattern`: a large score when the pattern covers it, otherwise the number
 * of leading dot-segments they share (0: unrelated).
 */
function scoreName(pattern: string, name: string): number {
  if (eventMatchesPattern(pattern, name)) return 1000
  const expected = (pattern.endsWith('.*') ? pattern.slice(0, -2) : pattern).split('.')
  const received = name.split('.')
  let shared = 0
  while (shared < expected.length && shared < received.length && expected[shared] === received[shared])
    shared++
  return shared
}
