import { type Clock, type ClockTimer, handlerFailure, type TelemetryError } from '@foundation-telemetry/core'
import { loadFactor, type ResolvedAdjustments } from './adjustments.ts'
import type { RuleBook } from './ruleBook.ts'

/** The load factor the watch sets, and the refresh it triggers when the factor moves. */
export type LoadBook = Pick<RuleBook, 'load' | 'refreshAll'>

/**
 * The sampler's tick: on a timer (the load adjustment's interval, each second by default) it
 * reads the load source, sets the book's load factor (refreshing every state when it moved),
 * then calls `onTick` (the metrics flush). The load is read here, never per decision, so a
 * decision stays a few loads and compares.
 */
export class LoadWatch {
  private readonly clock: Clock
  private readonly adjustments: ResolvedAdjustments
  private readonly book: LoadBook
  private readonly report: (error: TelemetryError) => void
  private readonly onTick: () => void
  private timer: ClockTimer | undefined

  constructor(
    clock: Clock,
    adjustments: ResolvedAdjustments,
    book: LoadBook,
    report: (error: TelemetryError) => void,
    onTick: () => void,
  ) {
    this.clock = clock
    this.adjustments = adjustments
    this.book = book
    this.report = report
    this.onTick = onTick
    this.timer = clock.setInterval(() => this.read(), adjustments.loadInterval || 1000)
    this.timer.unref?.()
  }

  /** One tick: read the load (a failing source reads as 0 and is reported), then `onTick`. */
  read(): void {
    const adjustments = this.adjustments
    if (adjustments.loadSource !== undefined) {
      let load = 0
      try {
        load = adjustments.loadSource()
      } catch (error) {
        this.report(handlerFailure('sampler: the load source failed', { handler_id: 'sampler.load', error }))
      }
      const factor = loadFactor(typeof load === 'number' ? load : 0, adjustments.loadLevels)
      if (factor !== this.book.load) {
        this.book.load = factor
        this.book.refreshAll()
      }
    }
    this.onTick()
  }

  /** Stop the timer. */
  stop(): void {
    if (this.timer !== undefined) this.clock.clearInterval(this.timer)
    this.timer = undefined
  }
}
