/**
 * For each expectation, the closest event seen so far: same name (or covering pattern) first,
 * else the most leading dot-segments shared, then the fewest differing keys. What a failure
 * message shows as "Closest".
 */
import type { Measurements, Metadata } from '@foundation-telemetry/taxonomy'
import type { Expectation } from './eventLog.ts'
import { diffEvent, formatMismatches, formatValue, type Mismatch } from './format.ts'
import { eventMatchesPattern } from './match.ts'
import type { ObservedEvent } from './observe.ts'

interface Candidate {
  seq: number
  nameScore: number
  mismatches: Mismatch[]
  observed: ObservedEvent
}

/** See the module comment. Keeps one candidate per expectation, so memory stays bounded. */
export class ClosestEvents {
  private readonly expectations: readonly Expectation[]
  private readonly closest: Array<Candidate | undefined>

  constructor(expectations: readonly Expectation[]) {
    this.expectations = expectations
    this.closest = expectations.map(() => undefined)
  }

  /** Score event number `seq` against every expectation; keep it where it is the closest yet. */
  consider(seq: number, observed: ObservedEvent, measurements: Measurements, metadata: Metadata): void {
    const { expectations, closest } = this
    for (let i = 0; i < expectations.length; i++) {
      const expectation = expectations[i]!
      const nameScore = scoreName(expectation.event, observed.event)
      if (nameScore === 0) continue
      const best = closest[i]
      if (best && best.nameScore > nameScore) continue
      const mismatches = diffEvent(expectation.match, measurements, metadata)
      if (best && best.nameScore === nameScore && best.mismatches.length < mismatches.length) continue
      closest[i] = { seq, nameScore, mismatches, observed }
    }
  }

  /** The sequence number of the closest event to expectation `index`, if any. */
  seqOf(index: number): number | undefined {
    return this.closest[index]?.seq
  }

  /** The expectation whose closest event is closest overall (same name first, then fewest differences). */
  bestIndex(): number {
    const closest = this.closest
    let best = 0
    for (let i = 1; i < closest.length; i++) {
      if (isCloser(closest[i], closest[best])) best = i
    }
    return best
  }

  /** A multi-line diff of the closest event to expectation `index`, or a note that none was close. */
  describe(index: number): string {
    const expectation = this.expectations[index]
    const best = this.closest[index]
    if (!expectation || !best) return 'No event with that name or a similar prefix was seen.'
    const nameLine = eventMatchesPattern(expectation.event, best.observed.event)
      ? ''
      : `\n  ${'event'.padEnd(5)}  expected ${formatValue(expectation.event)}, received ${formatValue(best.observed.event)}`
    return `Closest: #${best.seq} ${best.observed.event} (expected vs received):${nameLine}\n${formatMismatches(best.mismatches, '  ')}`
  }
}

/** Whether candidate `a` beats `b`: any beats none, then a higher name score, then fewer mismatches. */
function isCloser(a: Candidate | undefined, b: Candidate | undefined): boolean {
  if (!a) return false
  if (!b) return true
  return (
    a.nameScore > b.nameScore || (a.nameScore === b.nameScore && a.mismatches.length < b.mismatches.length)
  )
}

/**
 * How close `name` is to `pattern`: a large score when the pattern covers it, otherwise the number
 * of leading dot-segments they share (0: unrelated).
 */
export function scoreName(pattern: string, name: string): number {
  if (eventMatchesPattern(pattern, name)) return 1000
  const expected = (pattern.endsWith('.*') ? pattern.slice(0, -2) : pattern).split('.')
  const received = name.split('.')
  let shared = 0
  while (shared < expected.length && shared < received.length && expected[shared] === received[shared])
    shared++
  return shared
}
