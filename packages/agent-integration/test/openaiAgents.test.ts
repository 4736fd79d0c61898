import type { Telemetry } from '@foundation-telemetry/core'
import { captureTelemetry } from '@foundation-telemetry/testing'
import {
  Agent,
  type AgentOutputItem,
  type Model,
  type ModelRequest,
  type ModelResponse,
  run,
  setTraceProcessors,
  setTracingDisabled,
  type TracingProcessor,
  tool,
  Usage,
  withGenerationSpan,
  withResponseSpan,
} from '@openai/agents'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { attachAgentCollector } from '../src/index.ts'
import { instrumentOpenAIAgents } from '../src/openai-agents.ts'
import { adapterTelemetry, expectOneTrace, expectToolCall, llmRequests, valuesOf } from './adapterSupport.ts'

/** One scripted model turn: what the model answers and the tokens it reports. */
interface Turn {
  output: AgentOutputItem[]
  input: number
  output_tokens: number
}

const say = (text: string): AgentOutputItem => ({
  type: 'message',
  role: 'assistant',
  status: 'completed',
  content: [{ type: 'output_text', text }],
})
const call = (name: string, args: object, callId: string): AgentOutputItem => ({
  type: 'function_call',
  callId,
  name,
  arguments: JSON.stringify(args),
  status: 'completed',
})

/**
 * A model of our own, no network: it answers from a script and traces each call the way the SDK's
 * OpenAI models do: a generation span with the model and token usage (Chat Completions style), or
 * a response span holding the response (Responses style).
 */
class ScriptedModel implements Model {
  private readonly turns: Turn[]
  private readonly style: 'generation' | 'response'

  constructor(turns: Turn[], style: 'generation' | 'response' = 'generation') {
    this.turns = [...turns]
    this.style = style
  }

  async getResponse(_request: ModelRequest): Promise<ModelResponse> {
    const turn = this.turns.shift()
    // The call fails inside its span, as a provider error does.
    const answer = (): ModelResponse => {
      if (turn === undefined) throw new Error('script exhausted')
      return {
        usage: new Usage({ requests: 1, inputTokens: turn.input, outputTokens: turn.output_tokens }),
        output: turn.output,
        responseId: `resp_${this.turns.length}`,
      }
    }
    const usage = turn && { input_tokens: turn.input, output_tokens: turn.output_tokens }
    if (this.style === 'generation') {
      return withGenerationSpan(async (span) => {
        span.spanData.model = 'scripted-1'
        const response = answer()
        if (usage !== undefined) span.spanData.usage = usage
        return response
      })
    }
    return withResponseSpan(async (span) => {
      const response = answer()
      if (response.responseId !== undefined) span.spanData.response_id = response.responseId
      span.spanData._response = {
        id: response.responseId,
        model: 'scripted-2',
        usage: { ...usage, total_tokens: (usage?.input_tokens ?? 0) + (usage?.output_tokens ?? 0) },
      }
      return response
    })
  }

  // biome-ignore lint/correctness/useYield: streaming is not used by these tests
  async *getStreamedResponse(): AsyncIterable<never> {
    throw new Error('streaming is not scripted')
  }
}

const telemetry = () => adapterTelemetry('support-bot')

function agents(model: Model) {
  const lookupInvoice = tool({
    name: 'lookup_invoice',
    description: 'Find an invoice by id',
    parameters: z.object({ id: z.string() }),
    execute: async ({ id }) => `invoice ${id} is paid`,
  })
  const billing = new Agent({
    name: 'billing',
    instructions: 'Answer billing questions.',
    model,
    tools: [lookupInvoice],
  })
  const triage = new Agent({ name: 'triage', instructions: 'Route the user.', model, handoffs: [billing] })
  return { triage, billing }
}

const handoffScript: Turn[] = [
  { output: [call('transfer_to_billing', {}, 'c1')], input: 20, output_tokens: 5 },
  { output: [call('lookup_invoice', { id: '42' }, 'c2')], input: 30, output_tokens: 7 },
  { output: [say('Invoice 42 is paid.')], input: 40, output_tokens: 9 },
]

function use(t: Telemetry) {
  setTraceProcessors([instrumentOpenAIAgents(t)])
}

beforeAll(() => {
  setTracingDisabled(false)
})
afterAll(() => {
  setTraceProcessors([])
  setTracingDisabled(true)
})

describe('instrumentOpenAIAgents with the real @openai/agents', () => {
  it('is a TracingProcessor the SDK accepts', () => {
    const { t } = telemetry()
    const processor: TracingProcessor = instrumentOpenAIAgents(t)
    expect(typeof processor.onSpanEnd).toBe('function')
  })

  it('maps agents, a handoff, a tool call and model calls, in the trace of the request', async () => {
    const { t, spans, errors } = telemetry()
    use(t)
    const collector = attachAgentCollector(t)
    const { triage } = agents(new ScriptedModel(handoffScript))
    const events = await captureTelemetry(t, ['foundation_jido.*', 'dspex.*'], () =>
      t.span('foundation_os.request', { operation: 'support' }, () => run(triage, 'Is invoice 42 paid?')),
    )
    expect(errors).toEqual([])
    const names = events.map((e) => e.event)
    // Agent lifecycle and tasks: triage hands off to billing.
    expect(valuesOf(events, 'foundation_jido.agent.started', 'agent_id')).toEqual(['triage', 'billing'])
    expect(valuesOf(events, 'foundation_jido.task.completed', 'agent_id')).toEqual(['triage', 'billing'])
    // The handoff is a coordination message in a handoff session that completes with the trace.
    const message = events.find((e) => e.event === 'foundation_jido.coordination.session.message')
    expect(message?.metadata).toMatchObject({
      from: 'triage',
      to: 'billing',
      type: 'handoff',
      direction: 'sent',
    })
    expect(events.find((e) => e.event === 'foundation_jido.coordination.session.complete')).toMatchObject({
      measurements: { messages: 1 },
      metadata: { coordination_type: 'handoff', success: true },
    })
    // The tool call, under the billing agent.
    expectToolCall(events, 'lookup_invoice', 'billing')
    // Three model calls with their token usage.
    expect(llmRequests(events, 'model')).toEqual([
      ['triage', 'scripted-1', 20, 5, 25],
      ['billing', 'scripted-1', 30, 7, 37],
      ['billing', 'scripted-1', 40, 9, 49],
    ])
    expect(names.filter((n) => n === 'dspex.llm.request.start')).toHaveLength(3)

    // One trace shared with core's spans: everything under the request span, SDK parentage kept.
    const request = expectOneTrace(spans, events)
    const workflow = spans.find((s) => s.name === 'openai_agents.workflow')
    expect(workflow?.parentSpanId).toBe(request?.spanContext.spanId)
    const byId = new Map(spans.map((s) => [s.spanContext.spanId, s]))
    const ancestors = (id: string | undefined): string[] => {
      const span = id === undefined ? undefined : byId.get(id)
      return span === undefined ? [] : [span.name, ...ancestors(span.parentSpanId)]
    }
    const tool = spans.find((s) => s.name === 'dspex.tool.call')
    expect(ancestors(tool?.parentSpanId)).toContain('foundation_jido.task')
    expect(ancestors(tool?.parentSpanId).at(-1)).toBe('foundation_os.request')

    // The collector saw it all: agents came and went, one handoff message, two tasks.
    expect(collector.kpis()['foundation_jido.agents.active_count']).toEqual([
      { value: 0, tags: { agent_type: 'triage' } },
      { value: 0, tags: { agent_type: 'billing' } },
    ])
    const metric = (name: string) => t.metrics.collect().find((m) => m.name === name)?.series
    expect(metric('foundation_jido.coordination.messages')?.[0]?.value).toBe(1)
    expect(metric('foundation_jido.task.completed')?.[0]?.value).toBe(2)
    collector.detach()
  })

  it('reads token usage from response spans (Responses style models)', async () => {
    const { t } = telemetry()
    use(t)
    const model = new ScriptedModel([{ output: [say('hi')], input: 11, output_tokens: 3 }], 'response')
    const events = await captureTelemetry(t, 'dspex.*', () =>
      run(new Agent({ name: 'solo', model }), 'hello'),
    )
    expect(events.find((e) => e.event === 'dspex.llm.request.stop')).toMatchObject({
      measurements: { input_tokens: 11, output_tokens: 3, total_tokens: 14 },
      metadata: { model: 'scripted-2', provider: 'openai', agent_id: 'solo' },
    })
  })

  it('a model that fails ends its request as an exception and the agent task as failed', async () => {
    const { t } = telemetry()
    use(t)
    const model = new ScriptedModel([])
    const events = await captureTelemetry(t, ['foundation_jido.task.*', 'dspex.*'], async () => {
      await expect(run(new Agent({ name: 'broken', model }), 'hello')).rejects.toThrow('script exhausted')
    })
    expect(events.map((e) => e.event)).toEqual([
      'foundation_jido.task.started',
      'dspex.llm.request.start',
      'dspex.llm.request.exception',
      'foundation_jido.task.failed',
    ])
    expect(events[2]?.metadata).toMatchObject({ reason: 'script exhausted', kind: 'AgentsSpanError' })
  })
})
