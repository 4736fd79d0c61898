import { bucketAdvice, counter, defineMetrics, gauge, histogram } from './metricDefinition.ts'

const execution = 'dspex.program.execution'
const iteration = 'dspex.optimization.iteration'
const run = 'dspex.optimization.run'
const multiAgent = 'dspex.coordination.multi_agent'
const llm = 'dspex.llm.request'
const tool = 'dspex.tool.call'
const usage = 'dspex.llm.usage'

// Spend per optimization, USD: a tenth of a cent to a thousand dollars.
const usdBuckets = [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 50, 100, 1000]
// Relative gains and ratios around 0 (no change) and 1 (doubled).
const gainBuckets = [-0.5, -0.1, 0, 0.05, 0.1, 0.2, 0.5, 1, 2, 5]

// Tag keys of LLM metrics -> OpenTelemetry GenAI attributes.
const genAiAttributes = {
  model: 'gen_ai.request.model',
  provider: 'gen_ai.provider.name',
  operation: 'gen_ai.operation.name',
} as const

/**
 * ML layer metrics: seed 000's DSPEx KPIs and MLCollector metrics, and LLM and tool usage
 * (seed 004) mapped to the OpenTelemetry GenAI conventions.
 */
export const mlMetrics = defineMetrics('dspex', [
  counter('dspex.program.executions', {
    unit: '{execution}',
    description: 'Program executions started.',
    tagKeys: ['program_type', 'signature_complexity'],
    events: [`${execution}.start`],
  }),
  histogram('dspex.program.execution_duration', {
    unit: 'ms',
    description: 'Program execution time, by success.',
    tagKeys: ['program_type', 'success'],
    buckets: bucketAdvice.llmMs,
    events: [`${execution}.stop`, `${execution}.complete`, `${execution}.exception`],
  }),
  histogram('dspex.program.output_quality', {
    unit: '1',
    description: 'Quality score of program outputs (0..1).',
    tagKeys: ['program_id'],
    buckets: bucketAdvice.ratio,
    events: [`${execution}.stop`, `${execution}.complete`],
    measurement: 'output_quality',
  }),
  gauge('dspex.program.execution_success_rate', {
    unit: '1',
    description: 'Successful over total program executions in the recent window.',
    tagKeys: ['program_type'],
    kpi: true,
    events: [`${execution}.stop`, `${execution}.complete`, `${execution}.exception`],
    recordedByCode: true,
  }),
  counter('dspex.optimization.iterations', {
    unit: '{iteration}',
    description: 'Optimization iterations started.',
    tagKeys: ['strategy'],
    events: [`${iteration}.start`],
  }),
  histogram('dspex.optimization.iteration_duration', {
    unit: 'ms',
    description: 'Optimization iteration time.',
    tagKeys: ['strategy'],
    buckets: bucketAdvice.llmMs,
    events: [`${iteration}.stop`, `${iteration}.complete`],
  }),
  gauge('dspex.optimization.performance_score', {
    unit: '1',
    description: 'Latest performance score of an optimization.',
    tagKeys: ['program_id', 'strategy'],
    events: [`${iteration}.stop`, `${iteration}.complete`],
    measurement: 'performance_score',
  }),
  gauge('dspex.optimization.convergence_rate', {
    unit: '1',
    description: 'Optimizations that converged over those finished, recent window (alert below 0.7).',
    tagKeys: ['strategy'],
    kpi: true,
    events: [`${run}.stop`, `${run}.exception`, `${iteration}.stop`],
    recordedByCode: true,
  }),
  gauge('dspex.optimization.performance_improvement', {
    unit: '1',
    description: 'Mean relative score gain (final over initial, minus 1) of recent optimizations.',
    tagKeys: ['strategy'],
    kpi: true,
    events: [`${run}.stop`],
    recordedByCode: true,
  }),
  counter('dspex.optimization.runs', {
    unit: '{optimization}',
    description: 'Finished optimizations, by strategy and whether they converged.',
    tagKeys: ['strategy', 'converged'],
    events: [`${run}.stop`, `${run}.exception`],
  }),
  histogram('dspex.optimization.duration', {
    unit: 'ms',
    description: 'Whole optimization time.',
    tagKeys: ['strategy', 'program_type'],
    buckets: bucketAdvice.longMs,
    events: [`${run}.stop`],
  }),
  histogram('dspex.optimization.accuracy_gain', {
    unit: '1',
    description: 'Accuracy gain of each finished optimization (final minus initial accuracy, 0..1).',
    tagKeys: ['strategy'],
    buckets: gainBuckets,
    events: [`${run}.stop`],
    recordedByCode: true,
  }),
  histogram('dspex.optimization.convergence_duration', {
    unit: 'ms',
    description: 'Time each converged optimization took to converge.',
    tagKeys: ['strategy'],
    buckets: bucketAdvice.longMs,
    events: [`${run}.stop`],
    recordedByCode: true,
  }),
  histogram('dspex.optimization.cost', {
    unit: 'USD',
    description: 'LLM cost of each finished optimization (the requests inside its trace).',
    tagKeys: ['strategy'],
    buckets: usdBuckets,
    events: [`${run}.stop`, `${run}.exception`],
    recordedByCode: true,
  }),
  histogram('dspex.optimization.improvement', {
    unit: '1',
    description: 'Relative score gain of each finished optimization (final over initial, minus 1).',
    tagKeys: ['strategy'],
    buckets: gainBuckets,
    events: [`${run}.stop`],
    recordedByCode: true,
  }),
  histogram('dspex.coordination.relative_performance', {
    unit: '1',
    description: 'Multi-agent over single-agent baseline performance of each coordination.',
    tagKeys: ['coordination_type'],
    buckets: [0.25, 0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2, 4],
    events: [`${multiAgent}.complete`, `${multiAgent}.stop`],
    recordedByCode: true,
  }),
  gauge('dspex.cost_per_optimization', {
    unit: 'USD',
    description: 'Mean LLM cost of recent optimizations.',
    tagKeys: ['strategy'],
    kpi: true,
    events: [`${run}.stop`],
    recordedByCode: true,
  }),
  gauge('dspex.time_to_convergence', {
    unit: 'ms',
    description: 'Mean time for recent converged optimizations to converge.',
    tagKeys: ['strategy'],
    kpi: true,
    events: [`${run}.stop`],
    recordedByCode: true,
  }),
  gauge('dspex.model_accuracy_improvement', {
    unit: '1',
    description: 'Mean accuracy gain (absolute, 0..1) of recent optimizations.',
    tagKeys: ['strategy'],
    kpi: true,
    events: [`${run}.stop`],
    recordedByCode: true,
  }),
  counter('dspex.coordination.multi_agent_start', {
    unit: '{coordination}',
    description: 'Multi-agent coordinations started.',
    tagKeys: ['coordination_type'],
    events: [`${multiAgent}.start`],
  }),
  counter('dspex.coordination.agent_contributions', {
    unit: '{result}',
    description: 'Agent results delivered to multi-agent coordinations.',
    tagKeys: ['agent_id'],
    events: [`${multiAgent}.agent_result`],
  }),
  counter('dspex.coordination.multi_agent_complete', {
    unit: '{coordination}',
    description: 'Multi-agent coordinations finished, by success.',
    tagKeys: ['coordination_type', 'success'],
    events: [`${multiAgent}.complete`, `${multiAgent}.stop`, `${multiAgent}.exception`],
  }),
  histogram('dspex.coordination.multi_agent_duration', {
    unit: 'ms',
    description: 'Multi-agent coordination time.',
    tagKeys: ['coordination_type'],
    buckets: bucketAdvice.longMs,
    events: [`${multiAgent}.complete`, `${multiAgent}.stop`],
  }),
  gauge('dspex.coordination.efficiency', {
    unit: '1',
    description: 'Efficiency score of recent multi-agent coordinations (alert below 0.6).',
    tagKeys: ['coordination_type'],
    events: [`${multiAgent}.complete`, `${multiAgent}.stop`],
    measurement: 'efficiency_score',
  }),
  gauge('dspex.coordination.multi_agent_efficiency', {
    unit: '1',
    description: 'Multi-agent over single-agent performance (above 1 = coordination pays off).',
    tagKeys: ['coordination_type'],
    kpi: true,
    events: [`${multiAgent}.complete`, `${multiAgent}.stop`],
    recordedByCode: true,
  }),
  counter('dspex.llm.requests', {
    unit: '{request}',
    description: 'LLM requests, by model, provider and outcome (success, failure).',
    tagKeys: ['model', 'provider', 'operation', 'outcome'],
    events: [`${llm}.stop`, `${llm}.exception`],
  }),
  histogram('dspex.llm.request_duration', {
    unit: 'ms',
    description: 'LLM request time (the GenAI client operation duration).',
    tagKeys: ['model', 'provider', 'operation', 'error_type'],
    buckets: bucketAdvice.llmMs,
    otelName: 'gen_ai.client.operation.duration',
    otelAttributes: { ...genAiAttributes, error_type: 'error.type' },
    events: [`${llm}.stop`, `${llm}.exception`],
  }),
  histogram('dspex.llm.token_usage', {
    unit: '{token}',
    description: 'Tokens per LLM request, by token type (input, output).',
    tagKeys: ['model', 'provider', 'operation', 'token_type'],
    buckets: bucketAdvice.tokens,
    otelName: 'gen_ai.client.token.usage',
    otelAttributes: { ...genAiAttributes, token_type: 'gen_ai.token.type' },
    events: [`${llm}.stop`, usage],
    recordedByCode: true,
  }),
  counter('dspex.llm.tokens', {
    unit: '{token}',
    description:
      'Tokens used, by token type (input, output, cache_read, cache_write, reasoning): running totals for rates and budgets.',
    tagKeys: ['model', 'provider', 'token_type'],
    events: [`${llm}.stop`, usage],
    recordedByCode: true,
  }),
  counter('dspex.llm.cost', {
    unit: 'USD',
    description: 'LLM spend, from the price table (cached input billed at its own price).',
    tagKeys: ['model', 'provider'],
    events: [`${llm}.stop`, usage],
    recordedByCode: true,
  }),
  histogram('dspex.llm.time_per_output_chunk', {
    unit: 'ms',
    description: 'Mean time between output chunks of a streamed LLM response.',
    tagKeys: ['model', 'provider', 'operation'],
    buckets: bucketAdvice.llmMs,
    otelName: 'gen_ai.client.operation.time_per_output_chunk',
    otelAttributes: genAiAttributes,
    events: [`${llm}.stop`],
    measurement: 'time_per_output_chunk',
  }),
  histogram('dspex.llm.time_to_first_chunk', {
    unit: 'ms',
    description: 'Time from a streamed LLM request to its first output chunk.',
    tagKeys: ['model', 'provider', 'operation'],
    buckets: bucketAdvice.llmMs,
    otelName: 'gen_ai.client.operation.time_to_first_chunk',
    otelAttributes: genAiAttributes,
    events: [`${llm}.stop`],
    measurement: 'time_to_first_chunk',
  }),
  counter('dspex.tool.calls', {
    unit: '{call}',
    description: 'Tool calls, by tool and success.',
    tagKeys: ['tool_name', 'success'],
    events: [`${tool}.stop`, `${tool}.exception`],
  }),
  histogram('dspex.tool.call_duration', {
    unit: 'ms',
    description: 'Tool call time.',
    tagKeys: ['tool_name'],
    buckets: bucketAdvice.requestMs,
    events: [`${tool}.stop`, `${tool}.exception`],
  }),
])
