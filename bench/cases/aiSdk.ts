/**
 * The cost an AI SDK telemetry integration adds to one `generateText` on `MockLanguageModelV4`
 * (instrumented minus bare, both measured in the same worker): ours is `createAiSdkTelemetry` with
 * the ML collector attached (spans through a batching processor, metrics recorded); the peer is
 * `@ai-sdk/otel`'s `OpenTelemetry` integration on an OTel SDK `TracerProvider` with a
 * `BatchSpanProcessor`. Each run makes 16 calls, then yields so the batch processors can export.
 *
 * "Bare" is the same call with a stand-in integration that has the same callbacks doing nothing:
 * the SDK's own dispatch work grows with the callbacks an integration defines (about 0.4 ms per
 * call here for four callbacks, more than either integration's own work), so a stand-in with the
 * same shape leaves exactly the integration's own cost.
 */
import { registerHooks } from 'node:module'
import type { Telemetry as AiTelemetry } from 'ai'
import { ourBatchedTelemetry } from '../batchingProcessor.ts'
import { type CaseDefinition, type Prepared, type Problem, yieldToLoop } from '../caseSpec.ts'
import { importFunction, ourTotal, verifyWith } from '../ours.ts'
import { otelBatchTracing } from '../peers.ts'

const CALLS_PER_RUN = 16

// The bench runs with the workspace's `source` condition; `eventsource-parser` (under `ai`) also
// publishes one, pointing at TypeScript Node will not load from node_modules. Packages inside
// node_modules resolve their own imports without it.
registerHooks({
  resolve(specifier, context, next) {
    if (context.parentURL?.includes('/node_modules/') && context.conditions.includes('source'))
      return next(specifier, { ...context, conditions: context.conditions.filter((c) => c !== 'source') })
    return next(specifier, context)
  },
})
const { generateText } = await import('ai')
const { MockLanguageModelV4 } = await import('ai/test')
const { OpenTelemetry } = await import('@ai-sdk/otel')

function mockModel() {
  return new MockLanguageModelV4({
    provider: 'openai',
    modelId: 'gpt-4o',
    doGenerate: async () => ({
      content: [{ type: 'text', text: 'Paris' }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: { total: 120, noCache: 100, cacheRead: 20, cacheWrite: 0 },
        outputTokens: { total: 8, text: 8, reasoning: 0 },
      },
      warnings: [],
    }),
  })
}

/** One run of `CALLS_PER_RUN` generateText calls with `integrations`. */
function runner(integrations: AiTelemetry[]) {
  const model = mockModel()
  const telemetry = { integrations }
  let calls = 0
  return {
    calls: () => calls,
    run: async () => {
      for (let k = 0; k < CALLS_PER_RUN; k++) {
        await generateText({ model, prompt: 'Capital of France?', telemetry })
        calls++
      }
      await yieldToLoop()
    },
  }
}

/** An integration with the same callbacks as `integration`, each doing nothing. */
function standIn(integration: AiTelemetry): AiTelemetry {
  const names = new Set<string>()
  for (let o: object | null = integration; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o))
    for (const name of Object.getOwnPropertyNames(o)) names.add(name)
  const out: Record<string, unknown> = {}
  for (const name of names) {
    if (
      name === 'constructor' ||
      typeof (integration as unknown as Record<string, unknown>)[name] !== 'function'
    )
      continue
    out[name] = name.startsWith('execute') ? (call: { execute: () => unknown }) => call.execute() : () => {}
  }
  return out as AiTelemetry
}

/** Both sides: `integration` measured against its same-shaped stand-in, `check` run after. */
function addedCost(
  integration: AiTelemetry,
  check: (calls: number) => Problem | Promise<Problem>,
): Prepared & { kind: 'ns' } {
  const instrumented = runner([integration])
  const bare = runner([standIn(integration)])
  return {
    kind: 'ns',
    opsPerRun: CALLS_PER_RUN,
    run: instrumented.run,
    baseline: bare.run,
    verify: () => check(instrumented.calls()),
  }
}

type CreateAiSdkTelemetry = typeof import('@foundation-telemetry/ml-collector/ai-sdk').createAiSdkTelemetry
type AttachMlCollector = typeof import('@foundation-telemetry/ml-collector').attachMlCollector

/** `adapter.ai_sdk.generate_text`. */
export const adapterAiSdkGenerateText: CaseDefinition = {
  unit: 'ns',
  goal: { kind: 'ratio', max: 0.3 },
  peer: '@ai-sdk/otel OpenTelemetry integration, sdk-trace TracerProvider + BatchSpanProcessor',
  description:
    'added cost per generateText on MockLanguageModelV4 (instrumented minus bare): createAiSdkTelemetry + ML collector, batching processor',
  ours: async () => {
    const createAiSdkTelemetry = await importFunction<CreateAiSdkTelemetry>(
      '@foundation-telemetry/ml-collector/ai-sdk',
      'createAiSdkTelemetry',
    )
    const attachMlCollector = await importFunction<AttachMlCollector>(
      '@foundation-telemetry/ml-collector',
      'attachMlCollector',
    )
    const { telemetry, log, processor } = await ourBatchedTelemetry()
    attachMlCollector(telemetry)
    return addedCost(createAiSdkTelemetry(telemetry), (calls) =>
      verifyWith(log, async () => {
        await processor.forceFlush()
        const requests = ourTotal(telemetry, 'dspex.llm.requests')
        if (requests !== calls) return `recorded ${requests} requests of ${calls}`
        return processor.exported === calls
          ? undefined
          : `exported ${processor.exported} spans for ${calls} calls`
      })(),
    )
  },
  peerSide: async (): Promise<Prepared> => {
    const { provider, exported } = otelBatchTracing()
    const integration = new OpenTelemetry({ tracer: provider.getTracer('bench') as never })
    return addedCost(integration, async (calls) => {
      await provider.forceFlush()
      // The integration makes an invoke_agent, a step and a chat span per call.
      return exported() >= calls ? undefined : `OTel exported ${exported()} spans for ${calls} calls`
    })
  },
}
