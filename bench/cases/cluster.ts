/**
 * One Prometheus exposition for a cluster of 4 workers with the same 10 000 two-tag counter series
 * each: merging the workers' collections and writing the text, ours (createSnapshotMerger behind a
 * Prometheus exporter) vs prom-client's AggregatorRegistry (aggregate the workers' JSON, then
 * metrics()). Both sides start from what their workers hand the primary.
 */
import client from 'prom-client'
import type { CaseDefinition, Prepared } from '../caseSpec.ts'
import { series10k, TAG_KEYS } from '../fixtures.ts'
import { importFunction, ourTelemetry, verifyWith } from '../ours.ts'

const SERIES = 10_000
const WORKERS = 4
const OUR_NAME = 'foundation.bench.requests'
const PROM_NAME = 'foundation_bench_requests_total'

type CreatePrometheusExporter = (options: { telemetry: unknown }) => {
  serialize(format?: 'text' | 'openmetrics'): string | Promise<string>
}
type CreateSnapshotMerger = () => { merge(workers: Array<{ worker: string; snapshots: unknown }>): unknown }

/** The value of one sample line, for the first series, which every worker counts k + 1 = 1 times. */
function check(what: string, text: string, prefix: string): string | undefined {
  let samples = 0
  let first: string | undefined
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${prefix}{`)) continue
    samples++
    first ??= line
  }
  if (samples !== SERIES) return `${what}: ${samples} samples of ${prefix}, expected ${SERIES}`
  const value = Number(first?.slice(first.lastIndexOf(' ') + 1))
  return value === WORKERS ? undefined : `${what}: first series is ${value}, expected ${WORKERS} (summed)`
}

/** `cluster.aggregate.4x10k`. */
export const clusterAggregate4x10k: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.3 },
  peer: 'prom-client AggregatorRegistry.aggregate(workers).metrics()',
  description: 'cluster exposition: 4 workers x 10 000 two-tag counter series merged and written as text',
  ours: async () => {
    const createPrometheusExporter = await importFunction<CreatePrometheusExporter>(
      '@foundation-telemetry/exporters/prometheus',
      'createPrometheusExporter',
    )
    const createSnapshotMerger = await importFunction<CreateSnapshotMerger>(
      '@foundation-telemetry/exporters/cluster',
      'createSnapshotMerger',
    )
    const workers: Array<{ worker: string; snapshots: unknown }> = []
    const { telemetry, log } = await ourTelemetry()
    for (let w = 0; w < WORKERS; w++) {
      const worker = (await ourTelemetry()).telemetry
      const counter = worker.metrics.counter(OUR_NAME, {
        description: 'bench requests',
        cardinalityLimit: 2 * SERIES,
      })
      for (const [k, tags] of series10k().entries()) counter.add(k + 1, tags)
      workers.push({ worker: String(w + 1), snapshots: worker.metrics.collect() })
    }
    const merger = createSnapshotMerger()
    // The primary's exporter reads the merged collection where a worker's reads its own.
    const primary = {
      clock: telemetry.clock,
      resource: telemetry.resource,
      reportError: telemetry.reportError,
      execute: telemetry.execute,
      metrics: { collect: () => merger.merge(workers) },
    }
    const exporter = createPrometheusExporter({ telemetry: primary })
    let last = ''
    return {
      kind: 'ns',
      run: () => {
        const out = exporter.serialize('text')
        if (typeof out === 'string') last = out
        else return out.then((text) => (last = text))
        return out
      },
      verify: verifyWith(log, () => check('our exposition', last, 'foundation_bench_requests_total')),
    }
  },
  peerSide: async (): Promise<Prepared> => {
    const workers: unknown[] = []
    for (let w = 0; w < WORKERS; w++) {
      const registry = new client.Registry()
      const counter = new client.Counter({
        name: PROM_NAME,
        help: 'bench requests',
        labelNames: TAG_KEYS,
        registers: [registry],
      })
      for (const [k, tags] of series10k().entries()) counter.inc(tags, k + 1)
      workers.push(await registry.getMetricsAsJSON())
    }
    let last = ''
    return {
      kind: 'ns',
      run: () =>
        client.AggregatorRegistry.aggregate(workers as never)
          .metrics()
          .then((text) => (last = text)),
      verify: () => check('prom-client exposition', last, PROM_NAME),
    }
  },
}
