import { defineLayerEvents } from './eventDefinition.ts'

/** Who asked which model: the metadata of every LLM event. */
const llmMetadata = {
  model: 'string',
  provider: 'string',
  operation: 'string?',
  program_id: 'string?',
  agent_id: 'string?',
} as const

/** Token usage and cost of one LLM request: input tokens include the cached ones. */
const llmUsageMeasurements = {
  input_tokens: '{token}?',
  output_tokens: '{token}?',
  total_tokens: '{token}?',
  cache_read_input_tokens: '{token}?',
  cache_write_input_tokens: '{token}?',
  reasoning_tokens: '{token}?',
  cost_usd: 'USD?',
} as const

/**
 * ML layer events, `dspex.*` (seed 000's DSPEx taxonomy, seed 004's LLM and tool usage): program
 * execution, optimization runs and iterations, multi-agent coordination, LLM requests with token
 * counts and cost, tool calls. LLM metadata maps to OpenTelemetry GenAI attributes: `model` ->
 * `gen_ai.request.model`, `response_model` -> `gen_ai.response.model`, `provider` ->
 * `gen_ai.provider.name`, `operation` -> `gen_ai.operation.name`, `finish_reason` ->
 * `gen_ai.response.finish_reasons`, `error_type` -> `error.type`. Input tokens include cached ones
 * (`cache_read_input_tokens`, `cache_write_input_tokens`), as in the GenAI conventions.
 */
export const mlEvents = defineLayerEvents('dspex', {
  spans: {
    'dspex.program.execution': {
      description: 'A DSPEx program runs on one input',
      metadata: { program_id: 'string', program_type: 'string?', signature_complexity: 'string?' },
      stop: { measurements: { output_quality: '1?' }, metadata: { success: 'boolean?' } },
      complete: true,
    },
    'dspex.optimization.run': {
      description: 'A whole optimization of a program, over many iterations',
      metadata: {
        optimization_id: 'string',
        program_id: 'string',
        strategy: 'string',
        program_type: 'string?',
      },
      stop: {
        measurements: {
          iterations: '{iteration}?',
          initial_score: '1?',
          final_score: '1?',
          improvement: '1?',
          accuracy_improvement: '1?',
          cost_usd: 'USD?',
          time_to_convergence: 'ms?',
        },
        metadata: { converged: 'boolean?' },
      },
    },
    'dspex.optimization.iteration': {
      description: 'One optimization iteration',
      metadata: {
        strategy: 'string',
        iteration: 'number',
        optimization_id: 'string?',
        program_id: 'string?',
        program_type: 'string?',
      },
      stop: { measurements: { performance_score: '1?', convergence_rate: '1?', improvement: '1?' } },
      complete: true,
    },
    'dspex.coordination.multi_agent': {
      description: 'Several agents work on one ML task together',
      metadata: { coordination_id: 'string', coordination_type: 'string?', agent_count: 'number?' },
      stop: {
        measurements: { final_performance: '1?', efficiency_score: '1?', baseline_performance: '1?' },
        metadata: { success: 'boolean?' },
      },
      complete: true,
    },
    'dspex.llm.request': {
      description: 'A request to a language model',
      metadata: llmMetadata,
      stop: {
        measurements: {
          ...llmUsageMeasurements,
          time_to_first_chunk: 'ms?',
          time_per_output_chunk: 'ms?',
        },
        metadata: {
          response_model: 'string?',
          response_id: 'string?',
          finish_reason: 'string?',
          error_type: 'string?',
        },
      },
    },
    'dspex.tool.call': {
      description: 'An agent or program calls a tool',
      metadata: { tool_name: 'string', agent_id: 'string?', program_id: 'string?' },
      stop: { metadata: { success: 'boolean?' } },
    },
  },
  events: {
    'dspex.llm.usage': {
      description:
        'Token usage of one finished LLM request, reported by a client that gives usage but no timing (an observer called after the request).',
      metadata: llmMetadata,
      measurements: llmUsageMeasurements,
    },
    'dspex.coordination.multi_agent.agent_result': {
      description: 'One agent delivered its contribution to a multi-agent run.',
      metadata: { coordination_id: 'string', agent_id: 'string' },
      measurements: { quality_score: '1', duration: 'ms?' },
    },
  },
})
