/**
 * The cluster merger as first written, kept as the model the merger in `src/cluster` is checked
 * against: series keyed by their JSON text in maps, a new object per combined worker. It shares
 * the merger's per-series pieces (restart carry-over, combining, options), so the two differ only
 * in how series are found, ordered and accumulated, which is what the model test checks.
 */
import type { MetricSnapshot, SeriesSnapshot } from '@foundation-telemetry/core'
import { combine, combineGauge, type GaugePolicy, withTotal } from '../src/cluster/combineSeries.ts'
import { type MergeOptions, readMergeOptions } from '../src/cluster/mergeOptions.ts'
import type { SnapshotMerger, WorkerSnapshots } from '../src/cluster/mergeSnapshots.ts'
import { carryOver, type SlotStates } from '../src/cluster/restartCarry.ts'

export type { MergeOptions }

interface Merged {
  snapshot: MetricSnapshot
  series: Map<string, SeriesSnapshot>
  gauges: Map<string, { tags: Record<string, string>; values: number[]; time: number; startTime: number }>
}

/** The model merger. */
export function createReferenceMerger(options: MergeOptions = {}): SnapshotMerger {
  const { workerLabel, defaultPolicy, gauges } = readMergeOptions(options)
  const policyOf = (name: string): GaugePolicy => gauges.get(name) ?? defaultPolicy
  const slots = new Map<string, Map<string, SlotStates<string>>>()

  const mergeAll = (workers: readonly WorkerSnapshots[]): MetricSnapshot[] => {
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
          states = Object.create(null) as SlotStates<string>
          slot.set(snapshot.name, states)
        }
        for (const series of snapshot.series) {
          const perWorker = snapshot.kind === 'summary' || policy === 'per_worker'
          const tags = perWorker ? { ...series.tags, [workerLabel]: worker } : series.tags
          const key = JSON.stringify(tags)
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
          const carried = carryOver(states, key, series, snapshot.kind === 'updowncounter')
          const reading = carried === undefined ? series : withTotal(series, carried)
          const existing = entry.series.get(key)
          entry.series.set(key, existing === undefined ? reading : combine(existing, reading))
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

  // No guard against unreadable input, unlike the merger: the model is only given readable collections.
  return { merge: mergeAll }
}
