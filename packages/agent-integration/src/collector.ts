/**
 * `attachAgentCollector`: the agent layer's events become its taxonomy metrics, and its KPIs are
 * computed over a recent window whenever metrics are collected.
 */
import type { Telemetry } from '@foundation-telemetry/core'
import { detachOnce, positiveOption, readOptions, reportAttachFailure } from '@foundation-telemetry/core'
import { attachAgentMetrics } from './collectorMetrics.ts'
import { publishKpis } from './kpiGauges.ts'
import { type AgentKpis, agentKpiNames } from './kpis.ts'
import { KpiTracker, kpiEvents } from './kpiTracker.ts'
import { reportInvalid } from './problems.ts'

/** Options of {@link attachAgentCollector}. */
export interface AgentCollectorOptions {
  /** The window the KPIs are computed over, ms, on the telemetry's clock. Defaults to 3 600 000 (1 h). */
  window?: number
  /** Agents tracked at once for `agents.active_count` and `agents.healthy`. Defaults to 10 000. */
  maxAgents?: number
  /** Auctions open at once; the oldest is dropped (and reported) beyond this. Defaults to 1 000. */
  maxOpenAuctions?: number
  /** Closed auctions kept for the fairness and participation KPIs. Defaults to 10 000. */
  maxAuctions?: number
  /** Distinct adapters or coordination types the rate KPIs keep. Defaults to 200. */
  maxKeys?: number
}

/** What {@link attachAgentCollector} returns. */
export interface AgentCollector {
  /** The KPIs now (the values the KPI gauges report at the next collection). */
  kpis(): AgentKpis
  /** Detach every handler and stop reporting the KPIs. Idempotent. */
  detach(): void
}

const HOUR = 3_600_000
let attachCount = 0

/**
 * Attach the agent-layer collector: every `foundation_jido.*` taxonomy event (`.stop`, `.complete`
 * and `.exception` alike) is recorded under the taxonomy's metric names and tag keys, and the KPIs
 * (active and healthy agents, coordination success rate, average duration and resource
 * utilization, signal dispatch success rate, auction participation and fairness) are gauges
 * computed at collection time over the last `window` ms. Bad events are reported through the
 * telemetry's error hook, never thrown.
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { attachAgentCollector } from '@foundation-telemetry/agent-integration'
 *
 * const t = createTelemetry({ service: 'agents' })
 * const collector = attachAgentCollector(t, { window: 15 * 60_000 })
 * // ... agents run and emit foundation_jido.* events ...
 * collector.kpis()['foundation_jido.auction.fairness_score'] // [{ value: 0.73, tags: { resource_type: 'gpu' } }]
 * collector.detach()
 * ```
 */
export function attachAgentCollector(t: Telemetry, options: AgentCollectorOptions = {}): AgentCollector {
  try {
    return attach(t, readOptions<AgentCollectorOptions>(t, API, options, OPTION_KEYS))
  } catch (error) {
    // A hostile telemetry object: report where possible and hand back a collector that does nothing.
    reportAttachFailure(t, API, error)
    return { kpis: emptyKpis, detach() {} }
  }
}

const API = 'attachAgentCollector'
const OPTION_KEYS = ['window', 'maxAgents', 'maxOpenAuctions', 'maxAuctions', 'maxKeys'] as const

function emptyKpis(): AgentKpis {
  return Object.fromEntries(agentKpiNames.map((name) => [name, []])) as unknown as AgentKpis
}

function attach(t: Telemetry, options: AgentCollectorOptions): AgentCollector {
  const tracker = new KpiTracker(t, {
    window: positive(t, 'window', options.window, HOUR),
    maxAgents: positive(t, 'maxAgents', options.maxAgents, 10_000),
    maxOpenAuctions: positive(t, 'maxOpenAuctions', options.maxOpenAuctions, 1_000),
    maxAuctions: positive(t, 'maxAuctions', options.maxAuctions, 10_000),
    maxKeys: positive(t, 'maxKeys', options.maxKeys, 200),
  })
  const metrics = attachAgentMetrics(t)
  const id = `agent-integration.collector.${++attachCount}`
  const detachEvents = t.attach(id, kpiEvents, tracker.handle, undefined, { durable: true })
  const unpublish = publishKpis(t.metrics, (name) => tracker.kpi(name))
  return {
    kpis: () => tracker.kpis(),
    detach: detachOnce([() => metrics.detach(), detachEvents, unpublish]),
  }
}

function positive(t: Telemetry, option: string, value: number | undefined, fallback: number): number {
  return positiveOption(value, fallback, () =>
    reportInvalid(t, API, `${API}: ${option} must be a positive number`, { option, value }),
  )
}
