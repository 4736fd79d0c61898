/**
 * One Prometheus exposition for a cluster of 4 workers with the same 10 000 two-tag counter series
 * each: merging the workers' collections and writing the text, ours (createSnapshotMerger behind a
 * Prometheus exporter) vs prom-client's AggregatorRegistry (aggregate the workers' JSON, then
 * metrics()). Both sides start from what their workers hand the primary.
 */
import client from 'prom-client'
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { expectSamples, ourExposition, ourRequests10k, promRequests10k } from '../exposition.ts'
import { importFunction, ourTelemetry, verifyWith } from '../ours.ts'

const WORKERS = 4

type CreateSnapshotMerger = typeof import('@foundation-telemetry/exporters/cluster').createSnapshotMerger
type WorkerSnapshots = import('@foundation-telemetry/exporters/cluster').WorkerSnapshots
type PrometheusTelemetry = import('@foundation-telemetry/exporters/prometheus').PrometheusTelemetry

/** `cluster.aggregate.4x10k`. */
export const clusterAggregate4x10k: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.3 },
  peer: 'prom-client AggregatorRegistry.aggregate(workers).metrics()',
  description: 'cluster exposition: 4 workers x 10 000 two-tag counter series merged and written as text',
  ours: async () => {
    const createSnapshotMerger = await importFunction<CreateSnapshotMerger>(
      '@foundation-telemetry/exporters/cluster',
      'createSnapshotMerger',
    )
    const workers: WorkerSnapshots[] = []
    const { telemetry, log } = await ourTelemetry()
    for (let w = 0; w < WORKERS; w++) {
      const worker = (await ourTelemetry()).telemetry
      ourRequests10k(worker.metrics)
      workers.push({ worker: String(w + 1), snapshots: worker.metrics.collect() })
    }
    const merger = createSnapshotMerger()
    // The primary's exporter reads the merged collection where a worker's reads its own.
    // A stand-in instance: only `metrics.collect` differs, so the rest of `Metrics` is not needed.
    const primary = {
      resource: telemetry.resource,
      reportError: telemetry.reportError,
      execute: telemetry.execute,
      metrics: { collect: () => merger.merge(workers) },
    } as unknown as PrometheusTelemetry
    const { run, last } = await ourExposition(primary)
    return {
      kind: 'ns',
      run,
      // The first series is counted once by every worker: the merge sums it to WORKERS.
      verify: verifyWith(log, () => expectSamples('our exposition', last(), WORKERS)),
    }
  },
  peerSide: async (): Promise<Prepared> => {
    const workers: unknown[] = []
    for (let w = 0; w < WORKERS; w++) {
      const registry = new client.Registry()
      promRequests10k(registry)
      workers.push(await registry.getMetricsAsJSON())
    }
    let last = ''
    return {
      kind: 'ns',
      run: () =>
        client.AggregatorRegistry.aggregate(workers as never)
          .metrics()
          .then((text) => (last = text)),
      verify: () => expectSamples('prom-client exposition', last, WORKERS),
    }
  },
}
