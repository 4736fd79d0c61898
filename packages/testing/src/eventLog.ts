/**
 * A bounded record of the events a helper saw, for failure messages: counts per name, the last
 * few events, and for each expectation the closest event seen (same name or nearest prefix,
 * then fewest differing keys). Memory stays bounded however many events pass.
 */
import type { Measurements, Metadata } from '@foundation-telemetry/taxonomy'
import { ClosestEvents } from './closestEvents.ts'
import { formatValue } from './format.ts'
import type { EventMatch } from './match.ts'
import { type ObservedEvent, snapshotEvent } from './observe.ts'

/** One expected event: a name or prefix pattern and an optional match. */
export interface Expectation {
  event: string
  match?: EventMatch | undefined
}

const MAX_NAMES = 200
const RECENT = 10

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
  const counts = new NameCounts(MAX_NAMES)
  const recent = new RecentEvents(RECENT)
  const closest = new ClosestEvents(expectations)
  let total = 0

  return {
    get total() {
      return total
    },
    record(event, measurements, metadata) {
      total += 1
      counts.add(event)
      const observed = snapshotEvent(event, measurements, metadata)
      recent.push(total, observed)
      closest.consider(total, observed, measurements, metadata)
      return total
    },
    describeSeen() {
      if (total === 0) return 'No events were seen.'
      return [`Seen ${total} event${total === 1 ? '' : 's'}:`, ...counts.lines(), ...recent.lines()].join(
        '\n',
      )
    },
    describeClosest: (index) => closest.describe(index),
    closestSeq: (index) => closest.seqOf(index),
    bestIndex: () => closest.bestIndex(),
  }
}

/** Counts per event name for the first `limit` names; events under later names are only totalled. */
class NameCounts {
  private readonly counts = new Map<string, number>()
  private otherNames = 0
  private readonly limit: number

  constructor(limit: number) {
    this.limit = limit
  }

  add(name: string): void {
    const seen = this.counts.get(name)
    if (seen !== undefined) this.counts.set(name, seen + 1)
    else if (this.counts.size < this.limit) this.counts.set(name, 1)
    else this.otherNames += 1
  }

  /** `  name ×count` per name, then how many more came under other names. */
  lines(): string[] {
    const lines: string[] = []
    for (const [name, count] of this.counts) lines.push(`  ${name} ×${count}`)
    if (this.otherNames > 0) lines.push(`  … ${this.otherNames} more under other names`)
    return lines
  }
}

/** The last `size` events with their sequence numbers. */
class RecentEvents {
  private readonly events: ObservedEvent[] = []
  private readonly seqs: number[] = []
  private readonly size: number

  constructor(size: number) {
    this.size = size
  }

  push(seq: number, observed: ObservedEvent): void {
    this.events.push(observed)
    this.seqs.push(seq)
    if (this.events.length > this.size) {
      this.events.shift()
      this.seqs.shift()
    }
  }

  /** `Last n:` then one line per event, oldest first. */
  lines(): string[] {
    const lines = [`Last ${this.events.length}:`]
    this.events.forEach((observed, i) => {
      lines.push(
        `  #${this.seqs[i]} ${observed.event} measurements ${formatValue(observed.measurements)} metadata ${formatValue(observed.metadata)}`,
      )
    })
    return lines
  }
}
