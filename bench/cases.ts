/**
 * Every case of the suite, in the order of the table and of `bench/results.json`. Cases load lazily,
 * so a worker imports only its own case's module: our side never shares a process with peer
 * libraries it does not compare against.
 */
import type { CaseDefinition, CaseSpec } from './caseSpec.ts'
import { guard } from './ours.ts'

/** Where a case is defined. */
export interface CaseEntry {
  /** The id in results.json, exactly as the issue names it: the one place it is written. */
  id: string
  /** The module, relative to this file; it exports the case as {@link exportNameOf}(id). */
  file: string
}

/** The suite. */
export const CASE_INDEX: readonly CaseEntry[] = [
  { id: 'execute.no_handler', file: './cases/execute.ts' },
  { id: 'execute.one_handler', file: './cases/execute.ts' },
  // Extra, no goal, same peers: by name instead of a handle, and a handle with enrichment on.
  { id: 'execute.no_handler.by_name', file: './cases/execute.ts' },
  { id: 'execute.one_handler.by_name', file: './cases/execute.ts' },
  { id: 'execute.one_handler.enriched', file: './cases/execute.ts' },
  // Extra, no goal: enrichment off, a bare `{ ...md }` copy per event: what the copy alone costs.
  { id: 'execute.one_handler.copied', file: './cases/execute.ts' },
  { id: 'counter.add.tags', file: './cases/counter.ts' },
  { id: 'counter.add.tags.otel', file: './cases/counter.ts' },
  { id: 'counter.add.bound', file: './cases/counter.ts' },
  // Extra, no goal: tag keys not declared, so every tag object's keys are walked.
  { id: 'counter.add.tags.undeclared', file: './cases/counter.ts' },
  { id: 'histogram.record.tags', file: './cases/histogram.ts' },
  { id: 'histogram.record.tags.undeclared', file: './cases/histogram.ts' },
  { id: 'span.start_end.batched', file: './cases/span.ts' },
  // Extra, no goal: the clock read a span makes twice, the floor under the row above.
  { id: 'span.clock_read', file: './cases/span.ts' },
  { id: 'pipeline.event_to_metric', file: './cases/pipeline.ts' },
  { id: 'pipeline.event_to_metric.by_name', file: './cases/pipeline.ts' },
  { id: 'prometheus.serialize.10k', file: './cases/prometheus.ts' },
  { id: 'cluster.aggregate.4x10k', file: './cases/cluster.ts' },
  { id: 'otlp.encode.512_spans', file: './cases/otlp.ts' },
  { id: 'heap.per_series.10k', file: './cases/heap.ts' },
  { id: 'sampler.decision', file: './cases/sampler.ts' },
  { id: 'collector.foundation.event_to_metrics', file: './cases/foundation.ts' },
  { id: 'adapter.opossum.fire', file: './cases/foundation.ts' },
  // Extra, no goal: the adapter with the collector recording its events.
  { id: 'adapter.opossum.fire.collected', file: './cases/foundation.ts' },
  // Extra, no goal: the adapter with a span processor registered (every call a span).
  { id: 'adapter.opossum.fire.traced', file: './cases/foundation.ts' },
  // Extra, no published goal: the sketch every histogram series keeps.
  { id: 'sketch.add', file: './cases/sketch.ts' },
  { id: 'alerting.evaluate.10k_rules', file: './cases/alerting.ts' },
  // Extra, no goal: merged-series rules, so neither side collects the store per evaluation.
  { id: 'alerting.evaluate.10k_rules.merged', file: './cases/alerting.ts' },
  { id: 'load_test.http', file: './cases/loadTest.ts' },
  { id: 'adapter.ai_sdk.generate_text', file: './cases/aiSdk.ts' },
  // Extra, no published goal: the agent-layer collector on a signal dispatch.
  { id: 'agent.collector.dispatch', file: './cases/agent.ts' },
]

/**
 * The name a case file exports a case under: the id in camelCase, every `.` or `_` starting a new
 * word (`execute.no_handler` is `executeNoHandler`, `otlp.encode.512_spans` is `otlpEncode512Spans`).
 */
export function exportNameOf(id: string): string {
  return id.replace(/[._](.)/g, (_, next: string) => next.toUpperCase())
}

/**
 * Imports a case's module and returns its spec; throws when the index and the module disagree. Both
 * sides come back guarded: a side that finds our packages unfinished is `unavailable`, not failed.
 */
export async function loadCase(entry: CaseEntry): Promise<CaseSpec> {
  const mod = (await import(new URL(entry.file, import.meta.url).href)) as Record<
    string,
    CaseDefinition | undefined
  >
  const definition = mod[exportNameOf(entry.id)]
  if (typeof definition?.ours !== 'function')
    throw new Error(`${entry.file} does not export case ${entry.id} as ${exportNameOf(entry.id)}`)
  const { ours, peerSide } = definition
  return {
    ...definition,
    id: entry.id,
    ours: (env) => guard(() => ours(env)),
    ...(peerSide ? { peerSide: (env) => guard(() => peerSide(env)) } : {}),
  }
}
