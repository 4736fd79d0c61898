import { createManualClock, createTelemetry } from '@foundation-telemetry/core'
import { captureTelemetry } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { attachAgentCollector, createAgentInstrumentation } from '../src/index.ts'
import { recordSpans } from './spans.ts'

/**
 * A multi-agent optimization request: agents are discovered in the Foundation layer, their
 * coordination is set up in the agent layer, and the optimization runs in the ML layer, all in
 * one trace.
 */
describe('a request traced across the Foundation, agent and ML layers', () => {
  it('puts every layer’s spans and events in one trace, nested under the request', async () => {
    const t = createTelemetry({ service: 'optimizer', clock: createManualClock() })
    const spans = recordSpans(t)
    attachAgentCollector(t)
    const agents = createAgentInstrumentation(t)

    const events = await captureTelemetry(t, ['foundation.*', 'foundation_jido.*', 'dspex.*'], () =>
      t.span('foundation_os.request', { operation: 'multi_agent_optimization' }, async () => {
        // Foundation layer: agent discovery.
        const found = await t.span(
          'foundation.process_registry.lookup',
          { key: 'ml_optimization' },
          async () => ['opt_1', 'opt_2'],
        )
        // Agent layer: coordination setup.
        const session = agents.openSession({ type: 'optimization_setup', agents: found })
        for (const agent of found) session.message('coordinator', agent, { type: 'assignment' })
        session.complete({ result: 'ready' })
        // ML layer: the multi-agent optimization, each agent's share a task of the agent layer.
        await t.span('dspex.coordination.multi_agent', { coordination_id: session.id, agent_count: 2 }, () =>
          Promise.all(
            found.map((agentId) =>
              agents.runTask({ type: 'optimize', agentId }, async () => {
                t.execute(
                  'dspex.coordination.multi_agent.agent_result',
                  { quality_score: 0.9 },
                  {
                    coordination_id: session.id,
                    agent_id: agentId,
                  },
                )
              }),
            ),
          ),
        )
      }),
    )

    const request = spans.find((s) => s.name === 'foundation_os.request')
    expect(request).toBeDefined()
    const traceId = request?.spanContext.traceId
    const byName = (name: string) => spans.filter((s) => s.name === name)
    // One trace for all of them.
    expect(new Set(spans.map((s) => s.spanContext.traceId))).toEqual(new Set([traceId]))
    // Each layer's span is a child of the request.
    for (const name of [
      'foundation.process_registry.lookup',
      'foundation_jido.coordination.session',
      'dspex.coordination.multi_agent',
    ]) {
      expect(byName(name).map((s) => s.parentSpanId)).toEqual([request?.spanContext.spanId])
    }
    // The agents' tasks nest inside the ML layer's run.
    const run = byName('dspex.coordination.multi_agent')[0]
    expect(byName('foundation_jido.task').map((s) => s.parentSpanId)).toEqual([
      run?.spanContext.spanId,
      run?.spanContext.spanId,
    ])
    // Every event of the three layers carries the same trace id.
    const layers = new Set(events.map((e) => e.event.split('.')[0]))
    expect(layers).toEqual(new Set(['foundation', 'foundation_jido', 'dspex']))
    for (const e of events) expect(e.metadata.trace_id, e.event).toBe(traceId)
  })
})
