import { AxBootstrapFewShot, AxMockAIService, ax } from '@ax-llm/ax'
import { describe, expect, it } from 'vitest'
import { telemetryHarness } from '../test/collectorHarness.ts'
import { AxOptimizationRuns } from './axOptimizationRuns.ts'
import { axOptimizerHooks } from './axOptimizerHooks.ts'
import { createReportOnce } from './reportOnce.ts'

function setup() {
  const harness = telemetryHarness('ax-hooks', ['dspex.optimization.*'])
  const runs = new AxOptimizationRuns(harness.t, {})
  const hooks = axOptimizerHooks(runs, createReportOnce(harness.t, 'instrumentAx'))
  const runStop = () => harness.events.find((e) => e.event === 'dspex.optimization.run.stop')
  return { ...harness, runs, hooks, runStop }
}

describe("an Ax optimizer's callbacks", () => {
  it("count a round reported by both onProgress and the logger's RoundProgress once", async () => {
    const { runs, hooks, runStop } = setup()
    await runs.optimize({ program_id: 'qa' }, async () => {
      hooks.onProgress({ round: 1, currentScore: 0.5, bestScore: 0.5 })
      hooks.optimizerLogger({ name: 'RoundProgress', value: { round: 1, currentScore: 0.5, bestScore: 0.5 } })
      hooks.optimizerLogger({ name: 'RoundProgress', value: { round: 2, currentScore: 0.6, bestScore: 0.6 } })
    })
    expect(runStop()?.measurements.iterations).toBe(2)
  })

  it('put the early-stop reason and the final best score into the run, from either callback', async () => {
    const { runs, hooks, runStop, events } = setup()
    await runs.optimize({ program_id: 'qa' }, async () => {
      hooks.onEarlyStop('plateau', {})
      hooks.optimizerLogger({ name: 'OptimizationComplete', value: { bestScore: 0.8 } })
    })
    expect(runStop()?.measurements.final_score).toBe(0.8)
    expect(runStop()?.metadata.early_stop_reason).toBe('plateau')
    await runs.optimize({ program_id: 'qa2' }, async () => {
      hooks.optimizerLogger({ name: 'EarlyStopping', value: { reason: 'budget' } })
      hooks.optimizerLogger({ name: 'OptimizationComplete', value: { bestScore: Number.NaN } })
    })
    const second = events.filter((e) => e.event === 'dspex.optimization.run.stop')[1]
    expect(second?.metadata.early_stop_reason).toBe('budget')
    expect(second?.measurements.final_score).toBeUndefined()
  })

  it('do nothing outside a run, and ask Ax for logger calls without its console output', () => {
    const { hooks, events, errors } = setup()
    hooks.onProgress({ round: 1 })
    hooks.onEarlyStop('plateau', {})
    hooks.optimizerLogger({ name: 'EarlyStopping', value: {} })
    expect(hooks.debugOptimizer).toBe(true)
    expect(events).toEqual([])
    expect(errors).toEqual([])
  })

  it('report a callback that fails once, instead of throwing into Ax', async () => {
    const { runs, hooks, errors } = setup()
    await runs.optimize({ program_id: 'qa' }, async () => {
      for (let i = 0; i < 2; i++) {
        hooks.optimizerLogger({ name: 'RoundProgress', value: undefined as never })
        hooks.onProgress({
          get round(): never {
            throw new Error('unreadable')
          },
        })
      }
    })
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('instrumentAx: optimizerLogger failed: TypeError'),
      'instrumentAx: onProgress failed: Error: unreadable',
    ])
  })

  it("take a real Ax BootstrapFewShot's report, completion only and no rounds, into the run's outcome", async () => {
    const { runs, hooks, runStop, spans, errors } = setup()
    const logged: string[] = []
    const studentAI = new AxMockAIService<string>({
      features: { functions: false, streaming: false },
      chatResponse: { results: [{ index: 0, content: 'answer: Paris', finishReason: 'stop' }] },
    })
    const optimizer = new AxBootstrapFewShot({
      studentAI,
      ...hooks,
      optimizerLogger: (data) => {
        logged.push(data.name)
        hooks.optimizerLogger(data)
      },
      options: { maxRounds: 2 },
    })
    const examples = [1, 2, 3].map((i) => ({ question: `Capital of France (${i})?`, answer: 'Paris' }))
    const metric = (r: { prediction: { answer?: string }; example: { answer: string } }) =>
      r.prediction.answer === r.example.answer ? 1 : 0
    const result = await runs.optimize({ program_id: 'capitals', strategy: 'bootstrap_few_shot' }, () =>
      optimizer.compile(ax('question:string -> answer:string'), examples, metric as never),
    )
    expect(logged).toContain('OptimizationComplete')
    expect(spans.filter((s) => s.name === 'dspex.optimization.iteration')).toEqual([])
    expect(runStop()?.measurements).toMatchObject({ iterations: 0, final_score: result.bestScore })
    expect(errors).toEqual([])
  })
})
