/** Reading the cluster merger's options once, defaults for anything unreadable. */
import { GAUGE_POLICIES, type GaugePolicy } from './combineSeries.ts'

/** Options of `createSnapshotMerger`. */
export interface MergeOptions {
  /** Per gauge name; others use `defaultGaugePolicy`. */
  gauges?: Readonly<Record<string, GaugePolicy>>
  /** Defaults to `per_worker`: each worker's value as its own series, labelled `worker`. */
  defaultGaugePolicy?: GaugePolicy
  /** The label per-worker series carry. Defaults to `worker`. */
  workerLabel?: string
}

/** The options as the merger uses them. */
export interface ReadMergeOptions {
  workerLabel: string
  defaultPolicy: GaugePolicy
  gauges: Map<string, GaugePolicy>
}

/** The label per-worker series carry unless told otherwise. */
export const DEFAULT_WORKER_LABEL = 'worker'

/** The options, read once: anything unreadable or unknown falls back to the defaults. */
export function readMergeOptions(options: unknown): ReadMergeOptions {
  const out: ReadMergeOptions = {
    workerLabel: DEFAULT_WORKER_LABEL,
    defaultPolicy: 'per_worker',
    gauges: new Map(),
  }
  try {
    const o = (typeof options === 'object' && options !== null ? options : {}) as MergeOptions
    if (typeof o.workerLabel === 'string' && o.workerLabel !== '') out.workerLabel = o.workerLabel
    if (typeof o.defaultGaugePolicy === 'string' && GAUGE_POLICIES.has(o.defaultGaugePolicy))
      out.defaultPolicy = o.defaultGaugePolicy
    for (const [name, policy] of Object.entries(o.gauges ?? {})) {
      if (typeof policy === 'string' && GAUGE_POLICIES.has(policy))
        out.gauges.set(name, policy as GaugePolicy)
    }
  } catch {
    // Hostile options: the defaults stand.
  }
  return out
}
