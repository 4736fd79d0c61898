/** The agent layer's KPIs: names, tag keys and the snapshot shape `collector.kpis()` returns. */

/** One KPI series: its value and tags. */
export interface KpiValue {
  readonly value: number
  readonly tags: Readonly<Record<string, string>>
}

/** The KPI metric names, as the taxonomy defines them. */
export const agentKpiNames = [
  'foundation_jido.agents.active_count',
  'foundation_jido.agents.healthy',
  'foundation_jido.signal.dispatch_success_rate',
  'foundation_jido.coordination.success_rate',
  'foundation_jido.coordination.average_duration',
  'foundation_jido.coordination.resource_utilization',
  'foundation_jido.auction.participation_rate',
  'foundation_jido.auction.fairness_score',
] as const

/** One of {@link agentKpiNames}. */
export type AgentKpiName = (typeof agentKpiNames)[number]

/**
 * Every KPI's series at one instant. A KPI with nothing to compute from in the window (no
 * dispatches, no awarded auctions) has no series rather than a made-up 0 or 1.
 */
export type AgentKpis = Record<AgentKpiName, KpiValue[]>

/** The tag set of one key: '' stands for "not reported" and gives no tag. */
export function tagOf(key: string, value: string): Readonly<Record<string, string>> {
  return value === '' ? {} : { [key]: value }
}
