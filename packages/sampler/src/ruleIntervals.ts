import type { Clock, ClockTimer } from '@foundation-telemetry/core'
import { seenSince, settleHeld } from './intervalAccounting.ts'
import type { Rule } from './rule.ts'
import type { RuleBook } from './ruleBook.ts'
import type { ReservoirItem } from './types.ts'

/** What an interval's end reads and refreshes in the rule book. */
export type IntervalBook = Pick<RuleBook, 'states' | 'stateFor' | 'refreshAll'>

/**
 * The timers of the periodic rules (adaptive, reservoir): one per rule in force, started when
 * the rule book adds a rule and stopped when it replaces one. At an interval's end the rule
 * reads how many decisions it made, every state's levels are refreshed, and a reservoir's
 * sample is settled and delivered; a replaced or closed reservoir delivers what it holds.
 */
export class RuleIntervals {
  private readonly timers = new Map<Rule, ClockTimer>()
  private readonly clock: Clock
  /** Read when an interval ends: the book is built after its timers (it tells them its rules). */
  private readonly book: () => IntervalBook
  private readonly deliver: (items: readonly ReservoirItem[]) => void
  private isClosed = false

  constructor(clock: Clock, book: () => IntervalBook, deliver: (items: readonly ReservoirItem[]) => void) {
    this.clock = clock
    this.book = book
    this.deliver = deliver
  }

  /** Whether {@link close} ran: no timer starts after it. */
  get closed(): boolean {
    return this.isClosed
  }

  /** The rule book's `onRule`: stop the replaced rule's timer (settling a reservoir), start the added one's. */
  readonly onRule = (added: Rule, replaced: Rule | undefined): void => {
    if (replaced !== undefined) {
      const timer = this.timers.get(replaced)
      if (timer !== undefined) this.clock.clearInterval(timer)
      this.timers.delete(replaced)
      if (replaced.kind === 'reservoir') this.settle(replaced, replaced.endInterval(this.seen(replaced)))
    }
    if (added.periodic && !this.isClosed) {
      const timer = this.clock.setInterval(() => this.end(added), added.interval)
      timer.unref?.()
      this.timers.set(added, timer)
    }
  }

  /** End `rule`'s interval: it adapts to what it saw, levels are refreshed, a sample is delivered. */
  end(rule: Rule): void {
    const items = rule.endInterval(this.seen(rule))
    this.book().refreshAll()
    this.settle(rule, items)
  }

  /** Stop every timer; each reservoir delivers what it holds. */
  close(): void {
    this.isClosed = true
    for (const [rule, timer] of this.timers) {
      this.clock.clearInterval(timer)
      if (rule.kind === 'reservoir') this.settle(rule, rule.endInterval(this.seen(rule)))
    }
    this.timers.clear()
  }

  private seen(rule: Rule): number {
    return seenSince(this.book().states(), rule)
  }

  /** A reservoir's held events become sampled or dropped; a non-empty sample is delivered. */
  private settle(rule: Rule, items: readonly ReservoirItem[]): void {
    const book = this.book()
    settleHeld(book.states(), rule, items, (event) => book.stateFor(event))
    if (items.length > 0) this.deliver(items)
  }
}
