import {
  createManualClock,
  createTelemetry,
  type MetricSnapshot,
  type TelemetryError,
} from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { attachMlCollector } from './mlCollector.ts'

function setup(options: Parameters<typeof attachMlCollector>[1] = {}) {
  const clock = createManualClock()
  const errors: TelemetryError[] = []
  const t = createTelemetry({ service: 'ml-test', clock, onError: (e) => errors.push(e) })
  const collector = attachMlCollector(t, options)
  const metric = (name: string): MetricSnapshot | undefined =>
    t.metrics.collect().find((m) => m.name === name)
  const series = (name: string, tags: Record<string, string>) =>
    metric(name)?.series.find((s) => Object.entries(tags).every(([k, v]) => s.tags[k] === v))
  return { t, clock, errors, collector, metric, series }
}

const llm = { model: 'gpt-4o', provider: 'openai', operation: 'chat' }

describe('attachMlCollector', () => {
  it('records program executions, their duration by success and output quality', () => {
    const { t, series } = setup()
    t.execute(
      'dspex.program.execution.start',
      { monotonic_time: 0 },
      { program_id: 'qa', program_type: 'cot' },
    )
    t.execute(
      'dspex.program.execution.stop',
      { duration: 120, monotonic_time: 120, output_quality: 0.8 },
      { program_id: 'qa', program_type: 'cot' },
    )
    t.execute(
      'dspex.program.execution.exception',
      { duration: 30, monotonic_time: 150 },
      { program_id: 'qa', program_type: 'cot', kind: 'Error', reason: 'x' },
    )
    expect(series('dspex.program.executions', { program_type: 'cot' })?.value).toBe(1)
    expect(series('dspex.program.execution_duration', { success: 'true' })?.histogram?.sum).toBe(120)
    expect(series('dspex.program.execution_duration', { success: 'false' })?.histogram?.count).toBe(1)
    expect(series('dspex.program.output_quality', { program_id: 'qa' })?.histogram?.sum).toBe(0.8)
  })

  it('counts tokens by type and bills cached input at its own price', () => {
    const { t, series } = setup()
    t.execute(
      'dspex.llm.request.stop',
      {
        duration: 900,
        monotonic_time: 900,
        input_tokens: 1_000_000,
        cache_read_input_tokens: 400_000,
        output_tokens: 100_000,
        reasoning_tokens: 20_000,
      },
      llm,
    )
    expect(series('dspex.llm.tokens', { token_type: 'input' })?.value).toBe(1_000_000)
    expect(series('dspex.llm.tokens', { token_type: 'cache_read' })?.value).toBe(400_000)
    expect(series('dspex.llm.tokens', { token_type: 'reasoning' })?.value).toBe(20_000)
    expect(series('dspex.llm.token_usage', { token_type: 'output' })?.histogram?.sum).toBe(100_000)
    // 600k uncached at 2.50, 400k cached at 1.25, 100k output at 10 (USD per 1M).
    expect(series('dspex.llm.cost', { model: 'gpt-4o' })?.value).toBeCloseTo(1.5 + 0.5 + 1, 10)
    expect(series('dspex.llm.requests', { outcome: 'success', model: 'gpt-4o' })?.value).toBe(1)
    expect(series('dspex.llm.request_duration', { model: 'gpt-4o' })?.histogram?.sum).toBe(900)
  })

  it('records request ends by model and outcome into the series usage events and failures use', () => {
    const { t, metric, series } = setup()
    const stop = (m: Record<string, number>, md: Record<string, unknown>) =>
      t.execute('dspex.llm.request.stop', { duration: 10, monotonic_time: 1, ...m }, md as never)
    stop({ input_tokens: 5, time_to_first_chunk: 3, time_per_output_chunk: 0.5 }, llm)
    stop({ input_tokens: 5 }, llm)
    stop({ input_tokens: 1 }, { ...llm, model: 'gpt-4o-mini' })
    stop({}, { ...llm, success: false })
    stop({}, { ...llm, error_type: 'timeout' })
    t.execute('dspex.llm.usage', { input_tokens: 2 }, llm)
    t.execute(
      'dspex.llm.request.exception',
      { duration: 4, monotonic_time: 2 },
      { ...llm, kind: 'TypeError', reason: 'x' },
    )

    expect(series('dspex.llm.requests', { model: 'gpt-4o', outcome: 'success' })?.value).toBe(3)
    expect(series('dspex.llm.requests', { model: 'gpt-4o', outcome: 'failure' })?.value).toBe(2)
    expect(series('dspex.llm.requests', { model: 'gpt-4o-mini' })?.value).toBe(1)
    expect(series('dspex.llm.tokens', { model: 'gpt-4o', token_type: 'input' })?.value).toBe(12)
    expect(metric('dspex.llm.tokens')?.series).toHaveLength(2)
    expect(series('dspex.llm.token_usage', { model: 'gpt-4o', token_type: 'input' })?.histogram?.count).toBe(
      3,
    )
    const durations = metric('dspex.llm.request_duration')?.series ?? []
    const counts = durations.map((s) => `${s.tags.model}/${s.tags.error_type ?? '-'}: ${s.histogram?.count}`)
    expect(counts.sort()).toEqual([
      'gpt-4o-mini/-: 1',
      'gpt-4o/-: 3',
      'gpt-4o/TypeError: 1',
      'gpt-4o/timeout: 1',
    ])
    expect(series('dspex.llm.time_to_first_chunk', { model: 'gpt-4o' })?.histogram?.sum).toBe(3)
    expect(series('dspex.llm.time_per_output_chunk', { model: 'gpt-4o' })?.histogram?.count).toBe(1)
  })

  it("adds a request's cost to the run of the active trace when the event names no trace", () => {
    const { t, collector } = setup({ prices: { 'm-1': { input: 1, output: 1 } } })
    t.span('dspex.optimization.run', { optimization_id: 'o', program_id: 'qa', strategy: 's' }, () =>
      t.execute(
        'dspex.llm.request.stop',
        { duration: 1, monotonic_time: 1, input_tokens: 2_000_000, output_tokens: 0 },
        { model: 'm-1', provider: 'x', operation: 'chat' },
      ),
    )
    expect(collector.kpis()['dspex.cost_per_optimization']).toBeCloseTo(2, 10)
  })

  it('lets user prices override the default table', () => {
    const { t, series } = setup({ prices: { 'gpt-4o': { input: 1, output: 2 } } })
    t.execute(
      'dspex.llm.request.stop',
      {
        duration: 1,
        monotonic_time: 1,
        input_tokens: 1_000_000,
        cache_read_input_tokens: 500_000,
        output_tokens: 1_000_000,
      },
      llm,
    )
    // No cachedInput price: cached tokens cost the input price.
    expect(series('dspex.llm.cost', { model: 'gpt-4o' })?.value).toBeCloseTo(3, 10)
  })

  it('records tokens of an unknown model without cost and reports the model once', () => {
    const { t, series, errors } = setup()
    for (let i = 0; i < 3; i++)
      t.execute(
        'dspex.llm.usage',
        { input_tokens: 10, output_tokens: 5 },
        { model: 'house-model-7', provider: 'local' },
      )
    expect(series('dspex.llm.tokens', { token_type: 'input', model: 'house-model-7' })?.value).toBe(30)
    expect(series('dspex.llm.cost', { model: 'house-model-7' })).toBeUndefined()
    expect(errors.filter((e) => e.message.includes('house-model-7'))).toHaveLength(1)
  })

  it('reports negative or non-finite token counts and events without a model once, and records the rest', () => {
    const { t, series, errors } = setup()
    for (let i = 0; i < 2; i++) {
      t.execute('dspex.llm.usage', { input_tokens: -5, output_tokens: 7 }, llm)
      t.execute('dspex.llm.usage', { input_tokens: Number.NaN, output_tokens: 1 }, llm)
      t.execute('dspex.llm.usage', { input_tokens: 3 }, { provider: 'openai' } as never)
    }
    expect(series('dspex.llm.tokens', { token_type: 'output', model: 'gpt-4o' })?.value).toBe(16)
    expect(series('dspex.llm.tokens', { token_type: 'input', model: 'gpt-4o' })).toBeUndefined()
    expect(errors.filter((e) => e.message.includes('input_tokens'))).toHaveLength(1)
    expect(errors.filter((e) => e.message.includes('no model'))).toHaveLength(1)
  })

  it('computes optimization KPIs over the window, including the LLM cost inside each run', async () => {
    const { t, clock, collector, series } = setup()
    // One run: its start, one LLM request inside its trace, and its end (`converged` or a failure).
    const stop = (
      strategy: string,
      converged: boolean | 'failed',
      initial: number,
      final: number,
      tokens: number,
    ) => {
      const span = t.startSpan('opt')
      t.withContext(span, () => {
        const ctx = span.spanContext()
        t.execute(
          'dspex.optimization.run.start',
          { monotonic_time: 0 },
          { optimization_id: 'o', program_id: 'qa', strategy, trace_id: ctx.traceId, span_id: ctx.spanId },
        )
        t.execute(
          'dspex.llm.request.stop',
          { duration: 5, monotonic_time: 5, input_tokens: tokens, output_tokens: 0 },
          { ...llm, trace_id: ctx.traceId },
        )
        const ids = {
          optimization_id: 'o',
          program_id: 'qa',
          strategy,
          trace_id: ctx.traceId,
          span_id: ctx.spanId,
        }
        if (converged === 'failed')
          t.execute(
            'dspex.optimization.run.exception',
            { duration: 10, monotonic_time: 10 },
            { ...ids, kind: 'Error', reason: 'boom' },
          )
        else
          t.execute(
            'dspex.optimization.run.stop',
            { duration: 2000, monotonic_time: 2000, initial_score: initial, final_score: final },
            { ...ids, converged },
          )
      })
      span.end()
    }
    stop('bootstrap', true, 0.5, 0.75, 1_000_000) // +50 %, $2.50
    stop('bootstrap', false, 0.5, 0.5, 2_000_000) // +0 %, $5.00
    stop('bootstrap', 'failed', 0, 0, 0) // not converged, $0
    const k = collector.kpis()
    expect(k['dspex.optimization.convergence_rate']).toBeCloseTo(1 / 3, 10)
    expect(k['dspex.optimization.performance_improvement']).toBeCloseTo(0.25, 10)
    expect(k['dspex.model_accuracy_improvement']).toBeCloseTo(0.125, 10)
    expect(k['dspex.time_to_convergence']).toBe(2000)
    // Two finished runs with tracked cost ($2.50, $5.00) and the failed one ($0).
    expect(k['dspex.cost_per_optimization']).toBeCloseTo(7.5 / 3, 10)
    expect(series('dspex.optimization.convergence_rate', { strategy: 'bootstrap' })?.value).toBeCloseTo(
      1 / 3,
      10,
    )
    expect(series('dspex.optimization.runs', { converged: 'false' })?.value).toBe(2)
    // An hour later the window is empty again.
    clock.advance(3_600_000 + 60_000)
    expect(collector.kpis()['dspex.optimization.convergence_rate']).toBeUndefined()
    expect(series('dspex.optimization.convergence_rate', { strategy: 'bootstrap' })).toBeUndefined()
  })

  it('computes success rate and multi-agent efficiency per tag value', () => {
    const { t, collector, series } = setup({ window: 60_000 })
    for (const success of [true, true, true, false])
      t.execute(
        'dspex.program.execution.complete',
        { duration: 1 },
        { program_id: 'p', program_type: 'predict', success },
      )
    t.execute(
      'dspex.coordination.multi_agent.complete',
      { duration: 5, final_performance: 0.9, baseline_performance: 0.6 },
      { coordination_id: 'c', coordination_type: 'debate' },
    )
    expect(collector.kpis()['dspex.program.execution_success_rate']).toBe(0.75)
    expect(series('dspex.program.execution_success_rate', { program_type: 'predict' })?.value).toBe(0.75)
    expect(
      series('dspex.coordination.multi_agent_efficiency', { coordination_type: 'debate' })?.value,
    ).toBeCloseTo(1.5, 10)
  })

  it('stops recording and reporting KPIs after detach', () => {
    const { t, collector, series } = setup()
    collector.detach()
    collector.detach()
    t.execute(
      'dspex.program.execution.complete',
      { duration: 1 },
      { program_id: 'p', program_type: 'x', success: true },
    )
    expect(series('dspex.program.execution_success_rate', { program_type: 'x' })).toBeUndefined()
    expect(series('dspex.program.execution_duration', { program_type: 'x' })).toBeUndefined()
  })
})
