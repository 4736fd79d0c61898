/**
 * The cluster merger as first written (one JSON key per series, maps of per-slot state), kept as
 * the model the optimised merger in `src/cluster` is checked against: both must give equal
 * results for any sequence of collections.
 */
import type { HistogramData, MetricSnapshot, SeriesSnapshot } from '@foundation-telemetry/core'

/** How the gauges of one metric combine across workers. */
export type GaugePolicy = 'per_worker' | 'sum' | 'min' | 'max' | 'avg' | 'last'

/** One worker's collection: a stable slot name (kept across restarts) and its snapshots. */
export interface WorkerSnapshots {
  /** Stays the same when the process in the slot is replaced (e.g. `"1"` for the first worker). */
  worker: string
  snapshots: readonly MetricSnapshot[]
}

/** Options of {@link createSnapshotMerger}. */
export interface MergeOptions {
  /** Per gauge name; others use `defaultGaugePolicy`. */
  gauges?: Readonly<Record<string, GaugePolicy>>
  /** Defaults to `per_worker`: each worker's value as its own series, labelled `worker`. */
  defaultGaugePolicy?: GaugePolicy
  /** The label per-worker series carry. Defaults to `worker`. */
  workerLabel?: string
}

/** Merges cluster snapshots, remembering per-worker counter bases across restarts. */
export interface SnapshotMerger {
  merge(workers: readonly WorkerSnapshots[]): MetricSnapshot[]
}

/**
 * Tags as a key. Snapshot tags come with their keys sorted, so JSON text is one string per tag
 * set (and one native call, where sorting and joining by hand cost several times more).
 */
function tagKey(tags: Readonly<Record<string, string>>): string {
  return JSON.stringify(tags)
}

/** What a series carries that only grows: counter values, histogram counts and sums. */
interface Cumulative {
  value: number
  sum: number
  count: number
  counts: number[]
}

/** One worker slot's view of one series: its last reading and what earlier processes counted. */
interface SeriesState {
  startTime: number
  last: Cumulative
  base: Cumulative | undefined
}

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
 * its totals went down (a restart whose clock is not later still cannot hide a lower count).
 */
function restarted(series: SeriesSnapshot, state: SeriesState): boolean {
  const h = series.histogram
  return (
    series.startTime > state.startTime ||
    (h === undefined ? (series.value ?? 0) < state.last.value : h.count < state.last.count)
  )
}

/** Per worker slot: metric name -> series key -> state. */
type Slot = Map<string, Map<string, SeriesState>>

interface Merged {
  snapshot: MetricSnapshot
  series: Map<string, SeriesSnapshot>
  /** Gauge series: the values to combine, per series key. */
  gauges: Map<string, { tags: Record<string, string>; values: number[]; time: number; startTime: number }>
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
export function createReferenceMerger(options: MergeOptions = {}): SnapshotMerger {
  const { workerLabel, defaultPolicy, gauges } = readMergeOptions(options)
  const policyOf = (name: string): GaugePolicy => gauges.get(name) ?? defaultPolicy
  const slots = new Map<string, Slot>()

  /**
   * A worker's series as a cumulative with what earlier processes of its slot counted added;
   * `series` itself when nothing was carried over (the common case: no allocation).
   */
  function continued(
    states: Map<string, SeriesState>,
    key: string,
    series: SeriesSnapshot,
  ): Cumulative | undefined {
    let state = states.get(key)
    if (state === undefined) {
      state = { startTime: series.startTime, last: read(series, zero()), base: undefined }
      states.set(key, state)
      return undefined
    }
    if (restarted(series, state)) {
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

  return {
    merge(workers) {
      try {
        return mergeAll(workers)
      } catch {
        // A collection that cannot be read (a broken IPC message) merges to nothing this time.
        return []
      }
    },
  }

  function mergeAll(workers: readonly WorkerSnapshots[]): MetricSnapshot[] {
    {
      const merged = new Map<string, Merged>()
      for (const { worker, snapshots } of workers) {
        let slot = slots.get(worker)
        if (slot === undefined) {
          slot = new Map()
          slots.set(worker, slot)
        }
        for (const snapshot of snapshots) {
          let entry = merged.get(snapshot.name)
          if (entry === undefined) {
            entry = { snapshot: { ...snapshot, series: [] }, series: new Map(), gauges: new Map() }
            merged.set(snapshot.name, entry)
          } else if (entry.snapshot.kind !== snapshot.kind) {
            continue
          }
          const policy = snapshot.kind === 'gauge' ? policyOf(snapshot.name) : undefined
          let states = slot.get(snapshot.name)
          if (states === undefined) {
            states = new Map()
            slot.set(snapshot.name, states)
          }
          for (const series of snapshot.series) {
            const perWorker = snapshot.kind === 'summary' || policy === 'per_worker'
            const tags = perWorker ? { ...series.tags, [workerLabel]: worker } : series.tags
            const key = tagKey(tags)
            if (snapshot.kind === 'gauge' && !perWorker) {
              const gauge = entry.gauges.get(key) ?? {
                tags,
                values: [],
                time: series.time,
                startTime: series.startTime,
              }
              if (series.value !== undefined) gauge.values.push(series.value)
              gauge.time = Math.max(gauge.time, series.time)
              entry.gauges.set(key, gauge)
              continue
            }
            if (perWorker) {
              entry.series.set(key, { ...series, tags })
              continue
            }
            const carried = continued(states, key, series)
            const existing = entry.series.get(key)
            if (existing === undefined)
              entry.series.set(key, carried === undefined ? series : withTotal(series, carried))
            else
              entry.series.set(
                key,
                combine(existing, carried === undefined ? series : withTotal(series, carried)),
              )
          }
        }
      }
      const out: MetricSnapshot[] = []
      for (const { snapshot, series, gauges } of merged.values()) {
        const policy = policyOf(snapshot.name)
        for (const [key, gauge] of gauges) {
          if (gauge.values.length === 0) continue
          series.set(key, {
            tags: gauge.tags,
            startTime: gauge.startTime,
            time: gauge.time,
            value: combineGauge(policy, gauge.values),
          })
        }
        out.push({ ...snapshot, series: [...series.values()] })
      }
      return out
    }
  }
}

const POLICIES: ReadonlySet<string> = new Set(['per_worker', 'sum', 'min', 'max', 'avg', 'last'])

/** The options, read once: anything unreadable or unknown falls back to the defaults. */
function readMergeOptions(options: unknown): {
  workerLabel: string
  defaultPolicy: GaugePolicy
  gauges: Map<string, GaugePolicy>
} {
  const out = {
    workerLabel: 'worker',
    defaultPolicy: 'per_worker' as GaugePolicy,
    gauges: new Map<string, GaugePolicy>(),
  }
  try {
    const o = (typeof options === 'object' && options !== null ? options : {}) as MergeOptions
    if (typeof o.workerLabel === 'string' && o.workerLabel !== '') out.workerLabel = o.workerLabel
    if (typeof o.defaultGaugePolicy === 'string' && POLICIES.has(o.defaultGaugePolicy))
      out.defaultPolicy = o.defaultGaugePolicy
    for (const [name, policy] of Object.entries(o.gauges ?? {})) {
      if (typeof policy === 'string' && POLICIES.has(policy)) out.gauges.set(name, policy as GaugePolicy)
    }
  } catch {
    // Hostile options: the defaults stand.
  }
  return out
}

function combineGauge(policy: GaugePolicy, values: readonly number[]): number {
  switch (policy) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0)
    case 'min':
      return Math.min(...values)
    case 'max':
      return Math.max(...values)
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length
    default:
      return values[values.length - 1] as number
  }
}

/** A worker's series with its restart-continued totals. */
function withTotal(series: SeriesSnapshot, total: Cumulative): SeriesSnapshot {
  const h = series.histogram
  if (h === undefined)
    return { tags: series.tags, startTime: series.startTime, time: series.time, value: total.value }
  const histogram: HistogramData = {
    bounds: h.bounds,
    counts: total.counts,
    sum: total.sum,
    count: total.count,
    min: h.min,
    max: h.max,
  }
  return { tags: series.tags, startTime: series.startTime, time: series.time, histogram }
}

/** `existing` (already merged) plus one more worker's series (with its carried-over totals). */
function combine(existing: SeriesSnapshot, series: SeriesSnapshot): SeriesSnapshot {
  const startTime = Math.min(existing.startTime, series.startTime)
  const time = Math.max(existing.time, series.time)
  const a = existing.histogram
  const b = series.histogram
  if (a === undefined || b === undefined) {
    return { tags: existing.tags, startTime, time, value: (existing.value ?? 0) + (series.value ?? 0) }
  }
  if (a.bounds.length !== b.bounds.length || a.bounds.some((bound, i) => bound !== b.bounds[i])) {
    // Different bucket layouts cannot be added bucket by bucket: the first worker's stands.
    return existing
  }
  return {
    tags: existing.tags,
    startTime,
    time,
    histogram: {
      bounds: a.bounds,
      counts: a.counts.map((count, i) => count + (b.counts[i] ?? 0)),
      sum: a.sum + b.sum,
      count: a.count + b.count,
      min: Math.min(a.min, b.min),
      max: Math.max(a.max, b.max),
    },
  }
}
