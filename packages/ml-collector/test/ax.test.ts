import { type AxChatResponse, AxGEPA, AxMockAIService, ax, axEmitUsageEvent, axGlobals } from '@ax-llm/ax'
import { afterEach, describe, expect, it } from 'vitest'
import { instrumentAx } from '../src/ax.ts'
import { collectorHarness } from './collectorHarness.ts'

/**
 * A mock model that answers every output field of the prompt Ax sends (the program's `answer`,
 * GEPA's reflection fields), right two times in three, and reports its usage the way Ax's
 * provider clients do (`axEmitUsageEvent`, which calls `axGlobals.onUsage`).
 */
function mockAi() {
  let calls = 0
  return new AxMockAIService<string>({
    features: { functions: false, streaming: false },
    modelInfo: { name: 'gpt-4o-mini', provider: 'openai' },
    chatResponse: async (req) => {
      const prompt = JSON.stringify(req.chatPrompt)
      const keys = [...prompt.matchAll(/wire key: `(\w+)`/g)].map((m) => m[1])
      const lines = keys.map((k) =>
        k === 'answer'
          ? `answer: ${++calls % 3 === 0 ? 'Lyon' : 'Paris'}`
          : `${k}: Answer with the capital city only.`,
      )
      const response: AxChatResponse = {
        results: [{ index: 0, content: lines.join('\n'), finishReason: 'stop' }],
        modelUsage: {
          ai: 'openai',
          model: 'gpt-4o-mini',
          tokens: { promptTokens: 1000, completionTokens: 100, totalTokens: 1100, cacheReadTokens: 400 },
        },
      }
      axEmitUsageEvent('chat', response, undefined, false)
      return response
    },
  })
}

function setup() {
  return collectorHarness('ax-test')
}

const examples = Array.from({ length: 6 }, (_, i) => ({
  question: `Capital of France (${i})?`,
  answer: 'Paris',
}))
const metric = ({
  prediction,
  example,
}: {
  prediction: { answer?: string }
  example: Record<string, unknown>
}) => (prediction.answer === example.answer ? 1 : 0)

let instrumentation: ReturnType<typeof instrumentAx> | undefined
afterEach(() => instrumentation?.detach())

describe('instrumentAx with a real Ax optimizer', () => {
  it('turns a GEPA run into a run span with iteration spans, token usage and the run cost, and feeds the KPIs', async () => {
    const { t, spans, collector, series } = setup()
    instrumentation = instrumentAx(t, { axGlobals })
    const rounds: number[] = []
    const optimizer = new AxGEPA({
      studentAI: mockAi(),
      numTrials: 3,
      minibatchSize: 2,
      seed: 1,
      ...instrumentation.optimizerArgs(),
    })
    const logged = optimizer as unknown as {
      optimizerLogger?: (d: { name: string; value: { round?: number } }) => void
    }
    const ours = logged.optimizerLogger
    // Also note which rounds Ax reported, to compare with the iteration spans.
    logged.optimizerLogger = (d) => {
      if (d.name === 'RoundProgress' && typeof d.value.round === 'number') rounds.push(d.value.round)
      ours?.(d)
    }
    const program = ax('question:string -> answer:string')
    const result = await instrumentation.optimize({ program_id: 'capitals', strategy: 'gepa' }, () =>
      optimizer.compile(program, examples, metric as never, { maxMetricCalls: 40 }),
    )
    expect(result.bestScore).toBeGreaterThan(0)
    const run = spans.find((s) => s.name === 'optimize capitals')
    const iterations = spans.filter((s) => s.name === 'dspex.optimization.iteration')
    expect(rounds.length).toBeGreaterThan(0)
    expect(iterations).toHaveLength(rounds.length)
    for (const it of iterations) expect(it.parentSpanId).toBe(run?.spanContext.spanId)
    expect(series('dspex.optimization.iterations', { strategy: 'gepa' })?.value).toBe(rounds.length)
    const converged = result.stats.convergenceInfo.converged
    expect(series('dspex.optimization.runs', { strategy: 'gepa', converged: String(converged) })?.value).toBe(
      1,
    )

    // Every model call reported its usage: 1000 input (400 cached), 100 output each.
    const requests = series('dspex.llm.tokens', { token_type: 'output', model: 'gpt-4o-mini' })?.value ?? 0
    expect(requests % 100).toBe(0)
    const calls = requests / 100
    expect(calls).toBeGreaterThan(5)
    expect(series('dspex.llm.tokens', { token_type: 'cache_read', model: 'gpt-4o-mini' })?.value).toBe(
      400 * calls,
    )
    // gpt-4o-mini: 600 uncached at 0.15, 400 cached at 0.075, 100 output at 0.60 (USD per 1M).
    const perCall = (600 * 0.15 + 400 * 0.075 + 100 * 0.6) / 1e6
    const kpis = collector.kpis()
    expect(kpis['dspex.cost_per_optimization']).toBeCloseTo(perCall * calls, 12)
    expect(kpis['dspex.optimization.convergence_rate']).toBe(converged ? 1 : 0)
    expect(kpis['dspex.optimization.performance_improvement']).toBeTypeOf('number')
  })

  it('restores axGlobals on detach and chains an observer that was already there', async () => {
    const { t, series } = setup()
    const seen: string[] = []
    const before = (e: { model: string }) => void seen.push(e.model)
    axGlobals.onUsage = before
    instrumentation = instrumentAx(t, { axGlobals })
    await ax('question:string -> answer:string').forward(mockAi(), { question: 'Capital of France?' })
    expect(seen).toEqual(['gpt-4o-mini'])
    expect(series('dspex.llm.tokens', { token_type: 'input', model: 'gpt-4o-mini' })?.value).toBe(1000)
    instrumentation.detach()
    expect(axGlobals.onUsage).toBe(before)
    axGlobals.onUsage = undefined
  })

  it('keeps the observer before ours fed after detach when another was set over ours meanwhile', async () => {
    const { t, series } = setup()
    const seen: string[] = []
    axGlobals.onUsage = (e: { model: string }) => void seen.push(e.model)
    instrumentation = instrumentAx(t, { axGlobals })
    // Another library chains whatever was set when it came: ours.
    const ours = axGlobals.onUsage
    const later: NonNullable<typeof axGlobals.onUsage> = (e) => ours?.(e)
    axGlobals.onUsage = later
    instrumentation.detach()
    expect(axGlobals.onUsage).toBe(later)
    await ax('question:string -> answer:string').forward(mockAi(), { question: 'Capital of France?' })
    expect(seen).toEqual(['gpt-4o-mini'])
    expect(series('dspex.llm.tokens', { token_type: 'input', model: 'gpt-4o-mini' })).toBeUndefined()
    axGlobals.onUsage = undefined
  })

  it('ends the run span with the error when compile throws, and reports usage without a model once', async () => {
    const { t, spans, errors, series } = setup()
    instrumentation = instrumentAx(t, { axGlobals })
    await expect(
      instrumentation.optimize({ program_id: 'broken', strategy: 'gepa' }, async () => {
        for (let i = 0; i < 2; i++) {
          axGlobals.onUsage?.({
            operation: 'chat',
            ai: 'x',
            model: '',
            tokens: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
            streaming: false,
          })
        }
        throw new TypeError('no examples')
      }),
    ).rejects.toThrow('no examples')
    expect(spans.find((s) => s.name === 'optimize broken')?.status.code).toBe(2)
    expect(series('dspex.optimization.runs', { strategy: 'gepa', converged: 'false' })?.value).toBe(1)
    expect(errors.filter((e) => e.message.includes('without a model'))).toHaveLength(1)
  })
})
