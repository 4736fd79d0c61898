/**
 * What a cluster merger keeps from one merge to the next: per worker slot, every counter and
 * histogram series' last reading and what restarted processes counted (so cluster totals never
 * go down), and the tag-set numbers those states are kept by. Gauges and summaries carry nothing
 * over, so their numbers are fresh every merge.
 */
import type { MetricSnapshot } from '@foundation-telemetry/core'
import { createTagSetIndex, type TagSetIndex } from '../shared/tagSetIndex.ts'
import type { SlotStates } from './restartCarry.ts'

/** The merger's memory across merges. */
export class MergeMemory {
  /**
   * Tag-set numbers of the series whose totals are remembered (counters, histograms), per metric
   * name, kept as long as those totals are: every slot's states are arrays by these numbers.
   */
  readonly #cumulativeIndexes = new Map<string, TagSetIndex>()
  /** Per worker slot: metric name -> series states by tag-set number. */
  readonly #slots = new Map<string, Map<string, SlotStates>>()

  /**
   * The tag-set numbering for `snapshot`'s series in this merge: the metric's lasting one for
   * counters and histograms, a fresh one for gauges and summaries.
   */
  indexFor(snapshot: Pick<MetricSnapshot, 'name' | 'kind'>): TagSetIndex {
    // Nothing about gauge and summary series outlives the merge, so neither do their numbers.
    if (snapshot.kind === 'gauge' || snapshot.kind === 'summary') return createTagSetIndex()
    let index = this.#cumulativeIndexes.get(snapshot.name)
    if (index === undefined) {
      index = createTagSetIndex()
      this.#cumulativeIndexes.set(snapshot.name, index)
    }
    return index
  }

  /** The series states worker slot `worker` keeps for metric `name` (created empty). */
  statesOf(worker: string, name: string): SlotStates {
    let slot = this.#slots.get(worker)
    if (slot === undefined) {
      slot = new Map()
      this.#slots.set(worker, slot)
    }
    let states = slot.get(name)
    if (states === undefined) {
      states = []
      slot.set(name, states)
    }
    return states
  }
}
