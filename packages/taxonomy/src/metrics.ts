import { agentMetrics } from './agentMetrics.ts'
import { alertingMetrics } from './alertingMetrics.ts'
import { crossLayerMetrics } from './crossLayerMetrics.ts'
import { foundationMetrics } from './foundationMetrics.ts'
import type { MetricDefinition } from './metricDefinition.ts'
import { mlMetrics } from './mlMetrics.ts'
import { queueMetrics } from './queueMetrics.ts'
import { runtimeMetrics } from './runtimeMetrics.ts'
import { samplerMetrics } from './samplerMetrics.ts'
import { telemetryMetrics } from './telemetryMetrics.ts'

/** The name of a metric the taxonomy defines. */
export type TaxonomyMetricName =
  | (typeof foundationMetrics)[number]['name']
  | (typeof runtimeMetrics)[number]['name']
  | (typeof agentMetrics)[number]['name']
  | (typeof mlMetrics)[number]['name']
  | (typeof crossLayerMetrics)[number]['name']
  | (typeof telemetryMetrics)[number]['name']

/**
 * Every metric the taxonomy defines (name, kind, unit, description, tag keys, OpenTelemetry
 * mapping, bucket advice), sorted by name: the one source of truth for collectors, exporters,
 * dashboards and `docs/metrics.md`.
 *
 * @example
 * ```ts
 * import { metricDefinitions } from '@foundation-telemetry/taxonomy'
 * const kpis = metricDefinitions.filter((m) => m.kpi)
 * ```
 */
export const metricDefinitions: readonly MetricDefinition[] = [
  ...foundationMetrics,
  ...queueMetrics,
  ...runtimeMetrics,
  ...agentMetrics,
  ...mlMetrics,
  ...crossLayerMetrics,
  ...alertingMetrics,
  ...telemetryMetrics,
  ...samplerMetrics,
].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))

const byName: ReadonlyMap<string, MetricDefinition> = new Map(metricDefinitions.map((m) => [m.name, m]))

/**
 * The definition of a metric name (one map lookup), or `undefined` for names outside the taxonomy.
 *
 * @example
 * ```ts
 * findMetricDefinition('foundation_jido.signal.dispatch_duration')?.unit // 'ms'
 * ```
 */
export function findMetricDefinition(name: string): MetricDefinition | undefined {
  return byName.get(name)
}
