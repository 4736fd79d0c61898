/**
 * `@foundation-telemetry/agent-integration/openai-agents`: the OpenAI Agents SDK (`@openai/agents`)
 * as agent-layer and ML-layer telemetry, through the SDK's tracing processors.
 *
 * @example
 * ```ts
 * import { addTraceProcessor } from '@openai/agents'
 * import { instrumentOpenAIAgents } from '@foundation-telemetry/agent-integration/openai-agents'
 *
 * addTraceProcessor(instrumentOpenAIAgents(t))
 * ```
 */

import type { Telemetry } from '@foundation-telemetry/core'
import { readOptions } from '@foundation-telemetry/core'
import {
  type AgentsTracingProcessor,
  type OpenAIAgentsOptions,
  OpenAIAgentsProcessor,
} from './openaiAgentsProcessor.ts'

export type {
  AgentsSpanLike,
  AgentsTraceLike,
  AgentsTracingProcessor,
  OpenAIAgentsOptions,
} from './openaiAgentsProcessor.ts'

/**
 * A tracing processor for `addTraceProcessor` / `setTraceProcessors` of `@openai/agents`. Each SDK
 * trace becomes a Foundation span under the span active when the run starts (so a run inside a
 * request's span shares the request's trace), and each SDK span a child span, keeping the SDK's
 * parentage. Events:
 *
 * - an agent span: `foundation_jido.agent.started` / `.stopped` and a task
 *   (`foundation_jido.task.started` / `.completed` / `.failed`, `task_type` the workflow name);
 * - a handoff: `foundation_jido.coordination.session.message` from one agent to the other, in a
 *   session (`coordination_type: 'handoff'`) the trace's first handoff opens and its end completes;
 * - a function (tool) span: `dspex.tool.call` `.start` / `.stop` / `.exception`;
 * - a generation or response span: `dspex.llm.request` with the token usage the model reported.
 *
 * Never throws into the SDK; a failure inside the processor is reported through the telemetry's
 * error hook. Tool and model spans carry data only when the SDK records it (its default).
 */
export function instrumentOpenAIAgents(t: Telemetry, options?: OpenAIAgentsOptions): AgentsTracingProcessor {
  // The options are read once, here: a hostile options object is reported, and defaults used.
  return new OpenAIAgentsProcessor(
    t,
    readOptions<OpenAIAgentsOptions>(t, 'instrumentOpenAIAgents', options, [
      'provider',
      'agentType',
      'maxOpen',
    ]),
  )
}
