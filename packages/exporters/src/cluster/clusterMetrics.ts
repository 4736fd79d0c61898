/**
 * Metrics of a `node:cluster` (or any set of processes with an IPC channel): each worker answers
 * the primary's collect request with its own snapshots; the primary merges them with its own (see
 * {@link createSnapshotMerger}) into one collection that a Prometheus exporter serves.
 */
import type { MetricSnapshot, Telemetry } from '@foundation-telemetry/core'
import { exportFailure, reportAttachFailure } from '@foundation-telemetry/core'
import type { ExporterTelemetry } from '../shared/exporterTelemetry.ts'
import { guardFactory } from '../shared/guardFactory.ts'
import { createSnapshotMerger, type MergeOptions, type WorkerSnapshots } from './mergeSnapshots.ts'

const COLLECT = 'foundation-telemetry:collect'
const SNAPSHOTS = 'foundation-telemetry:snapshots'

/** One end of an IPC channel: a `cluster` Worker in the primary, `process` in a worker. */
export interface IpcEndpoint {
  send(message: unknown): unknown
  on(event: 'message', listener: (message: unknown) => void): unknown
  off(event: 'message', listener: (message: unknown) => void): unknown
}

interface CollectRequest {
  type: typeof COLLECT
  id: number
}
interface SnapshotsReply {
  type: typeof SNAPSHOTS
  id: number
  worker: string
  snapshots: MetricSnapshot[]
}

/**
 * In a worker: answer the primary's collect requests with this process's snapshots, under a slot
 * name that stays the same when the process in the slot is replaced. Returns a function that stops.
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { serveClusterMetrics } from '@foundation-telemetry/exporters/cluster'
 *
 * const t = createTelemetry({ service: 'api' })
 * serveClusterMetrics(t, { worker: process.env.WORKER_SLOT ?? '1' })
 * ```
 */
export function serveClusterMetrics(
  t: Pick<Telemetry, 'metrics' | 'reportError'>,
  options: { worker: string; channel?: IpcEndpoint },
): () => void {
  try {
    return serve(t, options)
  } catch (error) {
    reportAttachFailure(t, 'serveClusterMetrics', error, 'nothing served')
    return () => {}
  }
}

function serve(
  t: Pick<Telemetry, 'metrics' | 'reportError'>,
  options: { worker: string; channel?: IpcEndpoint },
): () => void {
  const worker = String(options.worker)
  const channel = options.channel ?? (process as unknown as IpcEndpoint)
  const listener = (message: unknown) => {
    const request = message as Partial<CollectRequest> | null
    if (request === null || typeof request !== 'object' || request.type !== COLLECT) return
    try {
      const reply: SnapshotsReply = {
        type: SNAPSHOTS,
        id: Number(request.id),
        worker,
        snapshots: t.metrics.collect(),
      }
      channel.send(reply)
    } catch (error) {
      t.reportError(
        exportFailure('cluster metrics: reply to the primary failed', {
          exporter: 'cluster',
          error,
        }),
      )
    }
  }
  channel.on('message', listener)
  return () => channel.off('message', listener)
}

/** Options of {@link createClusterCollector}. */
export interface ClusterCollectorOptions extends MergeOptions {
  /** The primary's own telemetry: its clock, resource, error hook, and its own metrics (slot `primary`). */
  telemetry: ExporterTelemetry
  /** The workers to ask, e.g. `() => Object.values(cluster.workers ?? {})`. */
  workers: () => Iterable<IpcEndpoint | undefined>
  /** How long `refresh()` waits for replies, in ms. Defaults to 2000. */
  timeout?: number
}

/** The primary's view of the cluster's metrics. */
export interface ClusterCollector {
  /** A telemetry stand-in whose `metrics.collect()` is the merged collection: pass it to an exporter. */
  readonly telemetry: ExporterTelemetry
  /** Ask every worker for its snapshots; resolves when all replied or the timeout passed. Never rejects. */
  refresh(): Promise<void>
}

/** JSON IPC turns infinities into null: a histogram without values comes back with null extremes. */
function revive(snapshots: MetricSnapshot[]): MetricSnapshot[] {
  for (const snapshot of snapshots) {
    for (const series of snapshot.series) {
      const h = series.histogram as { min: number | null; max: number | null } | undefined
      if (h === undefined) continue
      if (h.min === null) h.min = Number.POSITIVE_INFINITY
      if (h.max === null) h.max = Number.NEGATIVE_INFINITY
    }
  }
  return snapshots
}

/**
 * In the primary: collect and merge the workers' metrics. The merged collection is the last reply
 * of every worker slot (a slot keeps its last reply after its process exits, so totals never drop)
 * plus the primary's own metrics.
 *
 * @example
 * ```ts
 * import cluster from 'node:cluster'
 * import { createClusterCollector } from '@foundation-telemetry/exporters/cluster'
 * import { createPrometheusExporter } from '@foundation-telemetry/exporters/prometheus'
 *
 * const metrics = createClusterCollector({ telemetry: t, workers: () => Object.values(cluster.workers ?? {}) })
 * const prom = createPrometheusExporter({ telemetry: metrics.telemetry })
 * // before each scrape: await metrics.refresh()
 * ```
 */
export function createClusterCollector(options: ClusterCollectorOptions): ClusterCollector {
  return guardFactory('cluster', options, buildClusterCollector)
}

function buildClusterCollector(options: ClusterCollectorOptions): ClusterCollector {
  const { telemetry } = options
  const merger = createSnapshotMerger(options)
  const latest = new Map<string, MetricSnapshot[]>()
  const timeout = options.timeout ?? 2000
  let nextId = 0

  const fail = (message: string, error?: unknown) => {
    try {
      telemetry.reportError(exportFailure(message, { exporter: 'cluster', error }))
    } catch {
      // The error hook failed; there is nowhere left to report to.
    }
  }

  function ask(worker: IpcEndpoint, id: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = telemetry.clock.setTimeout(() => done(), timeout)
      const listener = (message: unknown) => {
        const reply = message as Partial<SnapshotsReply> | null
        if (reply === null || typeof reply !== 'object' || reply.type !== SNAPSHOTS || reply.id !== id) return
        if (typeof reply.worker === 'string' && Array.isArray(reply.snapshots)) {
          latest.set(reply.worker, revive(reply.snapshots))
        }
        done()
      }
      const done = () => {
        telemetry.clock.clearTimeout(timer)
        worker.off('message', listener)
        resolve()
      }
      worker.on('message', listener)
      try {
        worker.send({ type: COLLECT, id } satisfies CollectRequest)
      } catch (error) {
        fail('cluster metrics: a worker could not be asked', error)
        done()
      }
    })
  }

  const collect = (): MetricSnapshot[] => {
    const workers: WorkerSnapshots[] = [{ worker: 'primary', snapshots: telemetry.metrics.collect() }]
    for (const [worker, snapshots] of latest) workers.push({ worker, snapshots })
    return merger.merge(workers)
  }

  return {
    telemetry: {
      clock: telemetry.clock,
      resource: telemetry.resource,
      reportError: telemetry.reportError,
      execute: telemetry.execute,
      metrics: { ...telemetry.metrics, collect },
    } as ExporterTelemetry,
    async refresh() {
      const id = ++nextId
      const asks: Array<Promise<void>> = []
      try {
        for (const worker of options.workers()) if (worker !== undefined) asks.push(ask(worker, id))
      } catch (error) {
        fail('cluster metrics: listing the workers failed', error)
      }
      await Promise.all(asks)
      // The merger notices a restarted worker by comparing each reply with the one before: let it
      // see every reply, whether or not anything is collected in between.
      collect()
    },
  }
}
