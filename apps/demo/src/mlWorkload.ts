/**
 * The agent and ML layers of the demo, as one multi-agent optimization request a second whose
 * single trace crosses the layers: agent discovery, coordination setup (an auction among the
 * agents and a coordination session, through the agent instrumentation), then the optimizer
 * improving a question-answering program over iterations.
 * Each iteration runs the program once; the program calls a simulated model through the AI SDK
 * (`MockLanguageModelV4`, so it runs offline), traced by the ML collector's AI SDK integration
 * (tokens and cost by model); the iteration's score climbs towards 1 with a little noise.
 */

import { attachAgentCollector, createAgentInstrumentation } from '@foundation-telemetry/agent-integration'
import type { Telemetry } from '@foundation-telemetry/core'
import { attachMlCollector } from '@foundation-telemetry/ml-collector'
import { createAiSdkTelemetry } from '@foundation-telemetry/ml-collector/ai-sdk'
import { generateText } from 'ai'
import { MockLanguageModelV4 } from 'ai/test'
import type { Random } from './random.ts'

/** A running ML workload. */
export interface MlWorkload {
  /** Iterations run so far. */
  iterations(): number
  stop(): Promise<void>
}

/** Start one optimization iteration every `interval` ms on `t`'s clock. */
export function startMlWorkload(t: Telemetry, random: Random, interval = 1000): MlWorkload {
  const collector = attachMlCollector(t)
  const agentCollector = attachAgentCollector(t)
  const agents = createAgentInstrumentation(t)
  const agentIds = ['optimizer-1', 'optimizer-2', 'optimizer-3', 'critic-1']
  for (const id of agentIds) agents.registered({ id, type: id.split('-')[0] as string })
  const integration = createAiSdkTelemetry(t, { metadata: { program_id: 'qa' } })
  const model = new MockLanguageModelV4({
    provider: 'openai',
    modelId: 'gpt-4o',
    doGenerate: async () => {
      const input = 400 + Math.floor(random() * 800)
      const output = 20 + Math.floor(random() * 80)
      return {
        content: [{ type: 'text', text: 'Paris' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: output, text: output, reasoning: 0 },
        },
        warnings: [],
      }
    },
  })
  let iteration = 0
  const inFlight = new Set<Promise<unknown>>()

  const runIteration = async () => {
    iteration++
    const metadata = { program_id: 'qa', strategy: 'bootstrap_few_shot', iteration }
    const started = t.clock.now()
    t.execute('dspex.optimization.iteration.start', { monotonic_time: started }, metadata)
    await t.span('multi_agent_optimization', { program_id: 'qa', agent_count: agentIds.length }, async () => {
      const found = await t.span('agent_discovery', { layer: 'foundation' }, () =>
        agentIds.filter(() => random() > 0.1),
      )
      await t.span('coordination_setup', { layer: 'foundation_jido' }, async () => {
        const auction = agents.openAuction({ resourceType: 'gpu', participantCount: agentIds.length })
        for (const id of found) auction.bid(id, random())
        auction.close({ winners: found.slice(0, 1) })
        const session = agents.openSession({ type: 'consensus', agents: found })
        if (found.length > 1) session.message(found[0] as string, found[1] as string, { type: 'proposal' })
        session.complete({ result: 'agreed', resourceUtilization: 0.5 + random() * 0.4 })
      })
      await t.span('dspex.program.execution', { program_id: 'qa', program_type: 'chain_of_thought' }, () =>
        generateText({ model, prompt: 'Capital of France?', telemetry: { integrations: [integration] } }),
      )
    })
    const score = Math.min(1, 0.95 - 0.45 * Math.exp(-iteration / 15) + (random() - 0.5) * 0.04)
    t.execute(
      'dspex.optimization.iteration.stop',
      { monotonic_time: t.clock.now(), duration: t.clock.now() - started, performance_score: score },
      metadata,
    )
  }

  const timer = t.clock.setInterval(() => {
    const run = runIteration().catch(() => undefined)
    inFlight.add(run)
    void run.finally(() => inFlight.delete(run))
  }, interval)

  return {
    iterations: () => iteration,
    async stop() {
      t.clock.clearInterval(timer)
      await Promise.all([...inFlight])
      collector.detach()
      agentCollector.detach()
    },
  }
}
