/**
 * `@foundation-telemetry/exporters/cluster`: one exact exposition for N worker processes: their
 * metric collections merged (counters summed, histograms bucket by bucket, gauges by policy),
 * with restarts never making a total go down.
 */

export type { ClusterCollector, ClusterCollectorOptions, IpcEndpoint } from './cluster/clusterMetrics.ts'
export { createClusterCollector, serveClusterMetrics } from './cluster/clusterMetrics.ts'
export type { GaugePolicy, MergeOptions, SnapshotMerger, WorkerSnapshots } from './cluster/mergeSnapshots.ts'
export { createSnapshotMerger } from './cluster/mergeSnapshots.ts'
