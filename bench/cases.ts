/**
 * Every case of the suite, in the order of the table and of `bench/results.json`. Cases load lazily,
 * so a worker imports only its own case's module: our side never shares a process with peer
 * libraries it does not compare against.
 */
import type { CaseSpec } from './caseSpec.ts'

/** Where a case is defined. */
export interface CaseEntry {
  /** The id in results.json, exactly as the issue names it. */
  id: string
  /** The module, relative to this file. */
  file: string
  /** The module's export holding the {@link CaseSpec}. */
  exportName: string
}

/** The suite. */
export const CASE_INDEX: readonly CaseEntry[] = [
  { id: 'execute.no_handler', file: './cases/execute.ts', exportName: 'executeNoHandler' },
  { id: 'execute.one_handler', file: './cases/execute.ts', exportName: 'executeOneHandler' },
  // Extra, no goal, same peers: by name instead of a handle, and a handle with enrichment on.
  { id: 'execute.no_handler.by_name', file: './cases/execute.ts', exportName: 'executeNoHandlerByName' },
  { id: 'execute.one_handler.by_name', file: './cases/execute.ts', exportName: 'executeOneHandlerByName' },
  { id: 'execute.one_handler.enriched', file: './cases/execute.ts', exportName: 'executeOneHandlerEnriched' },
  { id: 'counter.add.tags', file: './cases/counter.ts', exportName: 'counterAddTags' },
  { id: 'counter.add.tags.otel', file: './cases/counter.ts', exportName: 'counterAddTagsOtel' },
  { id: 'counter.add.bound', file: './cases/counter.ts', exportName: 'counterAddBound' },
  // Extra, no goal: tag keys not declared, so every tag object's keys are walked.
  { id: 'counter.add.tags.undeclared', file: './cases/counter.ts', exportName: 'counterAddTagsUndeclared' },
  { id: 'histogram.record.tags', file: './cases/histogram.ts', exportName: 'histogramRecordTags' },
  {
    id: 'histogram.record.tags.undeclared',
    file: './cases/histogram.ts',
    exportName: 'histogramRecordTagsUndeclared',
  },
  { id: 'span.start_end.batched', file: './cases/span.ts', exportName: 'spanStartEndBatched' },
  { id: 'pipeline.event_to_metric', file: './cases/pipeline.ts', exportName: 'pipelineEventToMetric' },
  {
    id: 'pipeline.event_to_metric.by_name',
    file: './cases/pipeline.ts',
    exportName: 'pipelineEventToMetricByName',
  },
  { id: 'prometheus.serialize.10k', file: './cases/prometheus.ts', exportName: 'prometheusSerialize10k' },
  { id: 'cluster.aggregate.4x10k', file: './cases/cluster.ts', exportName: 'clusterAggregate4x10k' },
  { id: 'otlp.encode.512_spans', file: './cases/otlp.ts', exportName: 'otlpEncode512Spans' },
  { id: 'heap.per_series.10k', file: './cases/heap.ts', exportName: 'heapPerSeries10k' },
  { id: 'sampler.decision', file: './cases/sampler.ts', exportName: 'samplerDecision' },
  {
    id: 'collector.foundation.event_to_metrics',
    file: './cases/foundation.ts',
    exportName: 'collectorFoundationEventToMetrics',
  },
  { id: 'adapter.opossum.fire', file: './cases/foundation.ts', exportName: 'adapterOpossumFire' },
  // Extra, no goal: the adapter with the collector recording its events.
  {
    id: 'adapter.opossum.fire.collected',
    file: './cases/foundation.ts',
    exportName: 'adapterOpossumFireCollected',
  },
  // Extra, no goal: the adapter with a span processor registered (every call a span).
  { id: 'adapter.opossum.fire.traced', file: './cases/foundation.ts', exportName: 'adapterOpossumFireTraced' },
  // Extra, no published goal: the sketch every histogram series keeps.
  { id: 'sketch.add', file: './cases/sketch.ts', exportName: 'sketchAdd' },
  { id: 'alerting.evaluate.10k_rules', file: './cases/alerting.ts', exportName: 'alertingEvaluate10kRules' },
  // Extra, no goal: merged-series rules, so neither side collects the store per evaluation.
  {
    id: 'alerting.evaluate.10k_rules.merged',
    file: './cases/alerting.ts',
    exportName: 'alertingEvaluate10kRulesMerged',
  },
  { id: 'load_test.http', file: './cases/loadTest.ts', exportName: 'loadTestHttp' },
  {
    id: 'adapter.ai_sdk.generate_text',
    file: './cases/aiSdk.ts',
    exportName: 'adapterAiSdkGenerateText',
  },
  // Extra, no published goal: the agent-layer collector on a signal dispatch.
  { id: 'agent.collector.dispatch', file: './cases/agent.ts', exportName: 'agentCollectorDispatch' },
]

/** Imports a case's module and returns its spec; throws when the index and the module disagree. */
export async function loadCase(entry: CaseEntry): Promise<CaseSpec> {
  const mod = (await import(new URL(entry.file, import.meta.url).href)) as Record<
    string,
    CaseSpec | undefined
  >
  const spec = mod[entry.exportName]
  if (!spec || spec.id !== entry.id) throw new Error(`${entry.file} does not export case ${entry.id}`)
  return spec
}
