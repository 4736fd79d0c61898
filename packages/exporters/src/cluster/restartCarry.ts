/**
 * What one worker slot's earlier processes counted, carried over so a restart never makes a
 * cluster total go down: each slot remembers every series' last reading; when a series starts
 * later than before or its totals went down, the process behind it was replaced, and its last
 * reading joins the slot's base for that series.
 */
import type { SeriesSnapshot } from '@foundation-telemetry/core'

/** What a series carries that only grows: counter values, histogram counts and sums. */
export interface Cumulative {
  value: number
  sum: number
  count: number
  counts: number[]
}

/** One worker slot's view of one series: its last reading and what earlier processes counted. */
export interface SeriesState {
  startTime: number
  last: Cumulative
  base: Cumulative | undefined
}

/** One slot's series states of one metric, by series key (the merger's tag-set numbers). */
export type SlotStates<TKey extends string | number = number> = { [key in TKey]?: SeriesState }

const zero = (): Cumulative => ({ value: 0, sum: 0, count: 0, counts: [] })

function read(series: SeriesSnapshot, into: Cumulative): Cumulative {
  const h = series.histogram
  if (h === undefined) {
    into.value = series.value ?? 0
    return into
  }
  into.sum = h.sum
  into.count = h.count
  into.counts = [...h.counts]
  return into
}

function add(into: Cumulative, from: Cumulative): void {
  into.value += from.value
  into.sum += from.sum
  into.count += from.count
  for (let i = 0; i < from.counts.length; i++)
    into.counts[i] = (into.counts[i] ?? 0) + (from.counts[i] as number)
}

/**
 * Whether the process behind the series started again: the series started later than before, or
 * its totals went down (a restart whose clock is not later still cannot hide a lower count). An
 * up-down counter goes down by design, so for one only the later start counts.
 */
function restarted(series: SeriesSnapshot, state: SeriesState, mayDecrease: boolean): boolean {
  if (series.startTime > state.startTime) return true
  const h = series.histogram
  if (h !== undefined) return h.count < state.last.count
  return !mayDecrease && (series.value ?? 0) < state.last.value
}

/**
 * Record a slot's new reading of series `key` (of an up-down counter when `mayDecrease`) and return its total with what earlier processes
 * of the slot counted added; `undefined` when nothing was carried over (the common case: the
 * reading is the total, and nothing is allocated).
 */
export function carryOver<TKey extends string | number>(
  states: SlotStates<TKey>,
  key: TKey,
  series: SeriesSnapshot,
  mayDecrease: boolean,
): Cumulative | undefined {
  const state = states[key]
  if (state === undefined) {
    states[key] = { startTime: series.startTime, last: read(series, zero()), base: undefined }
    return undefined
  }
  if (restarted(series, state, mayDecrease)) {
    state.base ??= zero()
    add(state.base, state.last)
  }
  state.startTime = series.startTime
  read(series, state.last)
  if (state.base === undefined) return undefined
  const total = zero()
  add(total, state.last)
  add(total, state.base)
  return total
}
