import { captureTelemetry } from '@foundation-telemetry/testing'
import type { BaseMessage } from '@langchain/core/messages'
import { AIMessage, HumanMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import type { RunnableConfig } from '@langchain/core/runnables'
import { tool } from '@langchain/core/tools'
import { FakeListChatModel } from '@langchain/core/utils/testing'
import { Annotation, END, START, StateGraph } from '@langchain/langgraph'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { attachAgentCollector } from '../src/index.ts'
import { createLangGraphHandler } from '../src/langgraph.ts'
import { adapterTelemetry, expectOneTrace, expectToolCall, llmRequests, valuesOf } from './adapterSupport.ts'

/** `@langchain/core`'s fake chat model, reporting token usage as provider integrations do. */
class FakeChatWithUsage extends FakeListChatModel {
  override async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const result = await super._generate(messages, options)
    const input = messages.length * 10
    const generation = result.generations[0]
    if (generation !== undefined && generation.message instanceof AIMessage)
      Object.assign(generation.message, {
        usage_metadata: { input_tokens: input, output_tokens: 4, total_tokens: input + 4 },
      })
    return result
  }
}

const State = Annotation.Root({
  messages: Annotation<BaseMessage[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  answer: Annotation<string>(),
})

const search = tool(async ({ query }: { query: string }) => `3 results for ${query}`, {
  name: 'web_search',
  description: 'Search the web',
  schema: z.object({ query: z.string() }),
})

/** planner (a model call) -> researcher (a tool call) -> writer (a model call). */
function buildGraph(options: { failWriter?: boolean } = {}) {
  const model = new FakeChatWithUsage({ responses: ['plan: search', 'final answer'] })
  return new StateGraph(State)
    .addNode('planner', async (state: typeof State.State, config: RunnableConfig) => ({
      messages: [await model.invoke(state.messages, config)],
    }))
    .addNode('researcher', async (_state: typeof State.State, config: RunnableConfig) => ({
      messages: [new AIMessage(await search.invoke({ query: 'agents' }, config))],
    }))
    .addNode('writer', async (state: typeof State.State, config: RunnableConfig) => {
      if (options.failWriter === true) throw new Error('writer crashed')
      const reply = await model.invoke(state.messages, config)
      return { answer: String(reply.content) }
    })
    .addEdge(START, 'planner')
    .addEdge('planner', 'researcher')
    .addEdge('researcher', 'writer')
    .addEdge('writer', END)
    .compile()
}

const telemetry = () => adapterTelemetry('research-graph')

describe('createLangGraphHandler with the real @langchain/langgraph', () => {
  it('maps nodes to tasks, tools to tool calls and models to LLM requests with usage, in one trace', async () => {
    const { t, spans, errors } = telemetry()
    const collector = attachAgentCollector(t)
    const graph = buildGraph()
    const input = { messages: [new HumanMessage('Research agents')] }
    const events = await captureTelemetry(t, ['foundation_jido.task.*', 'dspex.*'], () =>
      t.span('foundation_os.request', { operation: 'research' }, () =>
        graph.invoke(input, { callbacks: [createLangGraphHandler(t)] }),
      ),
    )
    expect(errors).toEqual([])
    const nodes = ['planner', 'researcher', 'writer']
    expect(valuesOf(events, 'foundation_jido.task.completed', 'task_type')).toEqual(nodes)
    expect(valuesOf(events, 'foundation_jido.task.started', 'agent_id')).toEqual(nodes)
    expectToolCall(events, 'web_search', 'researcher')
    expect(llmRequests(events, 'operation')).toEqual([
      ['planner', 'chat', 10, 4, 14],
      ['writer', 'chat', 30, 4, 34],
    ])
    expect(events.find((e) => e.event === 'dspex.llm.request.stop')?.metadata.model).toBeTypeOf('string')

    // runId / parentRunId parentage: tool and model spans sit inside their node's task span,
    // the tasks inside the graph's span, the graph inside the request.
    const request = expectOneTrace(spans, events)
    const byId = new Map(spans.map((s) => [s.spanContext.spanId, s]))
    const taskOf = (name: string) => {
      let span = spans.find((s) => s.name === name)
      while (span !== undefined && span.name !== 'foundation_jido.task')
        span = byId.get(span.parentSpanId ?? '')
      return span?.attributes.task_type
    }
    expect(taskOf('dspex.tool.call')).toBe('researcher')
    const graphSpan = spans.find((s) => s.name === 'langgraph.graph')
    expect(graphSpan?.parentSpanId).toBe(request?.spanContext.spanId)
    for (const task of spans.filter((s) => s.name === 'foundation_jido.task'))
      expect(task.parentSpanId).toBe(graphSpan?.spanContext.spanId)

    const taskMetric = t.metrics.collect().find((m) => m.name === 'foundation_jido.task.completed')
    expect(taskMetric?.series.map((s) => [s.tags.task_type, s.value])).toEqual([
      ['planner', 1],
      ['researcher', 1],
      ['writer', 1],
    ])
    collector.detach()
  })

  it('a node that throws is a failed task, and the error still reaches the caller', async () => {
    const { t } = telemetry()
    const graph = buildGraph({ failWriter: true })
    const events = await captureTelemetry(t, 'foundation_jido.task.*', async () => {
      await expect(
        graph.invoke({ messages: [new HumanMessage('hi')] }, { callbacks: [createLangGraphHandler(t)] }),
      ).rejects.toThrow('writer crashed')
    })
    expect(
      events
        .filter((e) => e.event !== 'foundation_jido.task.started')
        .map((e) => [e.event, e.metadata.task_type]),
    ).toEqual([
      ['foundation_jido.task.completed', 'planner'],
      ['foundation_jido.task.completed', 'researcher'],
      ['foundation_jido.task.failed', 'writer'],
    ])
    expect(events.at(-1)?.metadata.error).toBe('writer crashed')
  })
})
