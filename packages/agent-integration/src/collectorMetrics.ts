/**
 * The agent layer's metrics: every `foundation_jido.*` taxonomy metric declared from its events,
 * with the few definitions the taxonomy's data cannot express spelled out here.
 */
import {
  attachTaxonomyMetrics,
  type DefinedMetrics,
  type Metadata,
  type MetricSpec,
} from '@foundation-telemetry/core'
import { failed } from './outcome.ts'
import type { Reporter } from './problems.ts'

const auctionPrefix = 'foundation_jido.coordination.auction.'

/** Definitions that differ from what the taxonomy rows imply. */
export const agentMetricOverrides: Readonly<Record<string, Partial<MetricSpec>>> = {
  // Failures only, including a dispatch that threw: its error class stands in for the category.
  'foundation_jido.signal.dispatch_failures': {
    keep: (metadata, _measurements, event) => failed(event, metadata),
    tagValues: (metadata: Metadata) => ({
      adapter: metadata.adapter as string | undefined,
      error_category: (metadata.error_category ?? metadata.kind) as string | undefined,
    }),
  },
  // Sessions carry their coordination type; an auction is a coordination of type `auction`.
  'foundation_jido.coordinations': {
    tagValues: (metadata: Metadata, _measurements, event) => ({
      coordination_type: (metadata.coordination_type ??
        (event.startsWith(auctionPrefix) ? 'auction' : undefined)) as string | undefined,
      success: !failed(event, metadata),
    }),
  },
}

/** Attach the layer's metrics to `t`. */
export function attachAgentMetrics(
  t: Reporter & { readonly metrics: { define(definitions: readonly MetricSpec[]): DefinedMetrics } },
): DefinedMetrics {
  return attachTaxonomyMetrics(t, { layers: ['foundation_jido'], overrides: agentMetricOverrides })
}
