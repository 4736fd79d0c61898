/**
 * One exposition for a cluster: the metric snapshots of N worker processes merged exactly.
 * Counters and up-down counters are summed per series; histograms bucket by bucket (with sum,
 * count, min and max); gauges by a declared policy (per worker by default, or sum, min, max,
 * average, last); summaries stay per worker, since quantiles of different processes cannot be
 * combined exactly. A worker that restarts resets its own counters: the merger notices the drop
 * and keeps what the old process had counted, so cluster totals never go down.
 */
import type { MetricSnapshot, SeriesSnapshot } from '@foundation-telemetry/core'
import type { TagSetIndex } from '../shared/tagSetIndex.ts'
import { combine, combineGauge, combineInto, type GaugePolicy, withTotal } from './combineSeries.ts'
import { MergeMemory } from './mergeMemory.ts'
import { type MergeOptions, type ReadMergeOptions, readMergeOptions } from './mergeOptions.ts'
import { carryOver, type SlotStates } from './restartCarry.ts'

export type { GaugePolicy } from './combineSeries.ts'
export type { MergeOptions } from './mergeOptions.ts'

/** One worker's collection: a stable slot name (kept across restarts) and its snapshots. */
export interface WorkerSnapshots {
  /** Stays the same when the process in the slot is replaced (e.g. `"1"` for the first worker). */
  worker: string
  snapshots: readonly MetricSnapshot[]
}

/** Merges cluster snapshots, remembering per-worker counter bases across restarts. */
export interface SnapshotMerger {
  merge(workers: readonly WorkerSnapshots[]): MetricSnapshot[]
}

/** A gauge series being combined: the values every worker reported. */
interface GaugeValues {
  tags: Readonly<Record<string, string>>
  values: number[]
  time: number
  startTime: number
}

/** One metric of one merge, its series by tag-set number in the order first seen. */
interface Merged {
  snapshot: MetricSnapshot
  index: TagSetIndex
  order: number[]
  series: Array<SeriesSnapshot | undefined>
  /** Series this merge made (so it may add into them in place) rather than a worker's own. */
  owned: Array<boolean | undefined>
  gaugeOrder: number[]
  gauges: Array<GaugeValues | undefined>
}

/**
 * Create a merger. Keep one per aggregating process: it remembers each worker's counters so a
 * restart never makes a cluster counter go down.
 *
 * @example
 * ```ts
 * import { createSnapshotMerger } from '@foundation-telemetry/exporters/cluster'
 *
 * const merger = createSnapshotMerger({ gauges: { 'foundation.connections.active': 'sum' } })
 * const merged = merger.merge([
 *   { worker: '1', snapshots: snapshotsOfWorker1 },
 *   { worker: '2', snapshots: snapshotsOfWorker2 },
 * ])
 * ```
 */
export function createSnapshotMerger(options: MergeOptions = {}): SnapshotMerger {
  const settings = readMergeOptions(options)
  const memory = new MergeMemory()
  return {
    merge(workers) {
      try {
        return mergeWorkers(workers, settings, memory)
      } catch {
        // A collection that cannot be read (a broken IPC message) merges to nothing this time.
        return []
      }
    },
  }
}

/** One merge: every worker's snapshots folded into one metric per name, in the order first seen. */
function mergeWorkers(
  workers: readonly WorkerSnapshots[],
  settings: ReadMergeOptions,
  memory: MergeMemory,
): MetricSnapshot[] {
  const merged = new Map<string, Merged>()
  for (const { worker, snapshots } of workers) {
    for (const snapshot of snapshots) {
      let entry = merged.get(snapshot.name)
      if (entry === undefined) {
        entry = newEntry(snapshot, memory.indexFor(snapshot))
        merged.set(snapshot.name, entry)
      } else if (entry.snapshot.kind !== snapshot.kind) {
        continue
      }
      if (isPerWorker(snapshot, settings)) addPerWorker(entry, snapshot, worker, settings.workerLabel)
      else if (snapshot.kind === 'gauge') addGauges(entry, snapshot)
      else addCumulative(entry, snapshot, memory.statesOf(worker, snapshot.name))
    }
  }
  const out: MetricSnapshot[] = []
  for (const entry of merged.values()) out.push(finish(entry, policyOf(entry.snapshot.name, settings)))
  return out
}

function policyOf(name: string, settings: ReadMergeOptions): GaugePolicy {
  return settings.gauges.get(name) ?? settings.defaultPolicy
}

/** Summaries and gauges whose policy is `per_worker` keep each worker's series as its own. */
function isPerWorker(snapshot: MetricSnapshot, settings: ReadMergeOptions): boolean {
  return (
    snapshot.kind === 'summary' ||
    (snapshot.kind === 'gauge' && policyOf(snapshot.name, settings) === 'per_worker')
  )
}

/** The empty merge of `snapshot`'s metric, its series numbered by `index`. */
function newEntry(snapshot: MetricSnapshot, index: TagSetIndex): Merged {
  return {
    snapshot: { ...snapshot, series: [] },
    index,
    order: [],
    series: new Array(index.size),
    owned: new Array(index.size),
    gaugeOrder: [],
    gauges: [],
  }
}

/** Summaries and per-worker gauges: each worker's series as its own, labelled with its slot. */
function addPerWorker(entry: Merged, snapshot: MetricSnapshot, worker: string, workerLabel: string): void {
  for (const series of snapshot.series) {
    const tags = { ...series.tags, [workerLabel]: worker }
    const id = entry.index.idOf(tags)
    if (entry.series[id] === undefined) entry.order.push(id)
    entry.series[id] = { ...series, tags }
  }
}

/** Gauges with a combining policy: the values are gathered here and combined at the end. */
function addGauges(entry: Merged, snapshot: MetricSnapshot): void {
  for (const series of snapshot.series) {
    const id = entry.index.idOf(series.tags)
    let gauge = entry.gauges[id]
    if (gauge === undefined) {
      gauge = { tags: series.tags, values: [], time: series.time, startTime: series.startTime }
      entry.gauges[id] = gauge
      entry.gaugeOrder.push(id)
    }
    if (series.value !== undefined) gauge.values.push(series.value)
    gauge.time = Math.max(gauge.time, series.time)
  }
}

/** Counters, up-down counters and histograms: summed, with what restarted processes counted. */
function addCumulative(entry: Merged, snapshot: MetricSnapshot, states: SlotStates): void {
  const mayDecrease = snapshot.kind === 'updowncounter'
  for (const series of snapshot.series) {
    const id = entry.index.idOf(series.tags)
    const carried = carryOver(states, id, series, mayDecrease)
    const reading = carried === undefined ? series : withTotal(series, carried)
    const existing = entry.series[id]
    if (existing === undefined) {
      entry.series[id] = reading
      entry.order.push(id)
    } else if (entry.owned[id] !== true || !combineInto(existing, reading)) {
      const next = combine(existing, reading)
      if (next !== existing) {
        entry.series[id] = next
        entry.owned[id] = true
      }
    }
  }
}

/** The merged metric: its series in the order first seen, gauges combined by `policy`. */
function finish(entry: Merged, policy: GaugePolicy): MetricSnapshot {
  for (const id of entry.gaugeOrder) {
    const gauge = entry.gauges[id] as GaugeValues
    if (gauge.values.length === 0) continue
    if (entry.series[id] === undefined) entry.order.push(id)
    entry.series[id] = {
      tags: gauge.tags,
      startTime: gauge.startTime,
      time: gauge.time,
      value: combineGauge(policy, gauge.values),
    }
  }
  const series: SeriesSnapshot[] = new Array(entry.order.length)
  for (let i = 0; i < entry.order.length; i++) series[i] = entry.series[entry.order[i]!]!
  return { ...entry.snapshot, series }
}
