/**
 * `@foundation-telemetry/agent-integration`: the agent layer (`foundation_jido.*`): agents,
 * signals, auctions, coordination sessions, tasks and sensors as taxonomy metrics and KPIs, typed
 * emitters for agent systems without an adapter, and (under subpaths) adapters for the OpenAI
 * Agents SDK (`/openai-agents`) and LangGraph.js (`/langgraph`).
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { attachAgentCollector, createAgentInstrumentation } from '@foundation-telemetry/agent-integration'
 *
 * const t = createTelemetry({ service: 'agents' })
 * const collector = attachAgentCollector(t)
 * const agents = createAgentInstrumentation(t)
 * const auction = agents.openAuction({ resourceType: 'gpu', participantCount: 3 })
 * auction.bid('agent_1', 0.8)
 * auction.close({ winners: ['agent_1'] })
 * ```
 */

// Collector

export type { AgentCollector, AgentCollectorOptions } from './collector.ts'
export { attachAgentCollector } from './collector.ts'
export { agentMetricOverrides } from './collectorMetrics.ts'
export { jainIndex } from './jainIndex.ts'
export type { AgentKpiName, AgentKpis, KpiValue } from './kpis.ts'
export { agentKpiNames } from './kpis.ts'

// Instrumentation API

export type { AuctionHandle, SessionHandle, TaskHandle } from './handles.ts'
export type {
  AgentInfo,
  AgentInstrumentation,
  AgentInstrumentationOptions,
  AuctionInfo,
  SessionInfo,
  SignalInfo,
  TaskInfo,
} from './instrumentation.ts'
export { createAgentInstrumentation } from './instrumentation.ts'
