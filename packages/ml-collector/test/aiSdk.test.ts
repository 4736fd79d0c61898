import { generateText, isStepCount, streamText, tool } from 'ai'
import { MockLanguageModelV4 } from 'ai/test'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createAiSdkTelemetry } from '../src/aiSdk.ts'
import { collectorHarness } from './collectorHarness.ts'

function usage(input: number, output: number, cacheRead = 0, reasoning = 0) {
  return {
    inputTokens: { total: input, noCache: input - cacheRead, cacheRead, cacheWrite: 0 },
    outputTokens: { total: output, text: output - reasoning, reasoning },
  }
}

const stop = { unified: 'stop' as const, raw: 'stop' }
const toolCalls = { unified: 'tool-calls' as const, raw: 'tool_calls' }

function setup(options: Parameters<typeof createAiSdkTelemetry>[1] = {}) {
  const harness = collectorHarness('ai-sdk-test')
  return { ...harness, integration: createAiSdkTelemetry(harness.t, options) }
}

describe('createAiSdkTelemetry with the AI SDK', () => {
  it('makes each generateText model call a dspex.llm.request span inside the caller span, with GenAI attributes and token metrics', async () => {
    const { t, spans, integration, series } = setup()
    const model = new MockLanguageModelV4({
      provider: 'openai',
      modelId: 'gpt-4o',
      doGenerate: {
        content: [{ type: 'text', text: 'Paris' }],
        finishReason: stop,
        usage: usage(1200, 30, 1000, 10),
        warnings: [],
        response: { id: 'resp-1', modelId: 'gpt-4o-2024-08-06' },
      },
    })
    const result = await t.span('dspex.program.execution', { program_id: 'qa' }, () =>
      generateText({ model, prompt: 'Capital of France?', telemetry: { integrations: [integration] } }),
    )
    expect(result.text).toBe('Paris')
    const program = spans.find((s) => s.name === 'dspex.program.execution')
    const chat = spans.find((s) => s.name === 'chat gpt-4o')
    expect(chat?.kind).toBe(2) // CLIENT
    expect(chat?.spanContext.traceId).toBe(program?.spanContext.traceId)
    expect(chat?.parentSpanId).toBe(program?.spanContext.spanId)
    expect(chat?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 30,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'gen_ai.usage.reasoning.output_tokens': 10,
      'gen_ai.response.finish_reasons': ['stop'],
    })
    expect(chat?.attributes['gen_ai.input.messages']).toBeUndefined()
    expect(series('dspex.llm.requests', { model: 'gpt-4o', outcome: 'success' })?.value).toBe(1)
    expect(series('dspex.llm.tokens', { token_type: 'cache_read' })?.value).toBe(1000)
    // 200 uncached at 2.50, 1000 cached at 1.25, 30 output at 10 (USD per 1M).
    expect(series('dspex.llm.cost', { model: 'gpt-4o' })?.value).toBeCloseTo(
      (200 * 2.5 + 1000 * 1.25 + 30 * 10) / 1e6,
      12,
    )
  })

  it('records a tool call as a dspex.tool.call span between two model calls', async () => {
    const { spans, integration, series } = setup()
    const model = new MockLanguageModelV4({
      provider: 'anthropic',
      modelId: 'claude-sonnet-4',
      doGenerate: [
        {
          content: [
            { type: 'tool-call', toolCallId: 'call-1', toolName: 'weather', input: '{"city":"Oslo"}' },
          ],
          finishReason: toolCalls,
          usage: usage(50, 10),
          warnings: [],
        },
        { content: [{ type: 'text', text: 'Cold.' }], finishReason: stop, usage: usage(80, 5), warnings: [] },
      ],
    })
    const weather = tool({
      description: 'Weather for a city',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => `${city}: -3 C`,
    })
    const result = await generateText({
      model,
      prompt: 'Weather in Oslo?',
      tools: { weather },
      stopWhen: isStepCount(2),
      telemetry: { integrations: [integration] },
    })
    expect(result.text).toBe('Cold.')
    const names = spans.map((s) => s.name)
    expect(names).toEqual(['chat claude-sonnet-4', 'execute_tool weather', 'chat claude-sonnet-4'])
    const toolSpan = spans[1]
    expect(toolSpan?.attributes).toMatchObject({
      'gen_ai.tool.name': 'weather',
      'gen_ai.tool.call.id': 'call-1',
    })
    expect(series('dspex.tool.calls', { tool_name: 'weather', success: 'true' })?.value).toBe(1)
    expect(series('dspex.llm.tokens', { token_type: 'input', model: 'claude-sonnet-4' })?.value).toBe(130)
  })

  it('ends the span of a failing tool with its error', async () => {
    const { spans, integration, series } = setup()
    const model = new MockLanguageModelV4({
      doGenerate: [
        {
          content: [{ type: 'tool-call', toolCallId: 'c', toolName: 'broken', input: '{}' }],
          finishReason: toolCalls,
          usage: usage(5, 5),
          warnings: [],
        },
        { content: [{ type: 'text', text: 'sorry' }], finishReason: stop, usage: usage(5, 5), warnings: [] },
      ],
    })
    const broken = tool({
      inputSchema: z.object({}),
      execute: async (): Promise<string> => {
        throw new RangeError('no such city')
      },
    })
    await generateText({
      model,
      prompt: 'x',
      tools: { broken },
      stopWhen: isStepCount(2),
      telemetry: { integrations: [integration] },
    })
    const toolSpan = spans.find((s) => s.name === 'execute_tool broken')
    expect(toolSpan?.status.code).toBe(2)
    expect(toolSpan?.attributes['error.type']).toBe('RangeError')
    expect(series('dspex.tool.calls', { tool_name: 'broken', success: 'false' })?.value).toBe(1)
  })

  it('ends the model span with error.type when the model call fails', async () => {
    const { spans, integration, series } = setup()
    class RateLimitError extends Error {
      override name = 'RateLimitError'
    }
    const model = new MockLanguageModelV4({
      modelId: 'gpt-4o-mini',
      doGenerate: async () => {
        throw new RateLimitError('slow down')
      },
    })
    await expect(
      generateText({ model, prompt: 'x', maxRetries: 0, telemetry: { integrations: [integration] } }),
    ).rejects.toThrow('slow down')
    const chat = spans.find((s) => s.name === 'chat gpt-4o-mini')
    expect(chat?.status.code).toBe(2)
    expect(chat?.attributes['error.type']).toBe('RateLimitError')
    expect(series('dspex.llm.requests', { model: 'gpt-4o-mini', outcome: 'failure' })?.value).toBe(1)
    expect(series('dspex.llm.request_duration', { error_type: 'RateLimitError' })?.histogram?.count).toBe(1)
  })

  it('records streamText chunk timings, keeps the usage that arrived before an abort, and ends every span', async () => {
    const { spans, integration, series } = setup()
    let release: (() => void) | undefined
    const firstChunk = new Promise<void>((resolve) => {
      release = resolve
    })
    const model = new MockLanguageModelV4({
      provider: 'openai',
      modelId: 'gpt-4.1',
      doStream: [
        {
          stream: new ReadableStream({
            start(c) {
              c.enqueue({ type: 'stream-start', warnings: [] })
              c.enqueue({ type: 'tool-call', toolCallId: 't1', toolName: 'lookup', input: '{"q":"a"}' })
              c.enqueue({ type: 'finish', usage: usage(400, 20), finishReason: toolCalls })
              c.close()
            },
          }),
        },
        {
          // The second step streams a little, then never finishes: the caller aborts it.
          stream: new ReadableStream({
            start(c) {
              c.enqueue({ type: 'stream-start', warnings: [] })
              c.enqueue({ type: 'text-start', id: 'x' })
              c.enqueue({ type: 'text-delta', id: 'x', delta: 'Hel' })
              c.enqueue({ type: 'text-delta', id: 'x', delta: 'lo' })
            },
          }),
        },
      ],
    })
    const lookup = tool({ inputSchema: z.object({ q: z.string() }), execute: async () => 'found' })
    const abort = new AbortController()
    let aborted = false
    const result = streamText({
      model,
      prompt: 'stream please',
      tools: { lookup },
      stopWhen: isStepCount(3),
      abortSignal: abort.signal,
      telemetry: { integrations: [integration] },
      onAbort: () => {
        aborted = true
      },
    })
    const reading = (async () => {
      for await (const part of result.fullStream) if (part.type === 'text-delta') release?.()
    })()
    await firstChunk
    abort.abort(new Error('user left'))
    await reading.catch(() => {})
    await Promise.resolve(result.consumeStream()).catch(() => {})
    expect(aborted).toBe(true)
    const chats = spans.filter((s) => s.name === 'chat gpt-4.1')
    expect(chats).toHaveLength(2)
    expect(chats[0]?.attributes['gen_ai.usage.input_tokens']).toBe(400)
    expect(chats[1]?.attributes['error.type']).toBe('aborted')
    expect(spans.find((s) => s.name === 'execute_tool lookup')?.status.code).not.toBe(2)
    // The first step's usage stays recorded; the aborted one has none.
    expect(series('dspex.llm.tokens', { token_type: 'input', model: 'gpt-4.1' })?.value).toBe(400)
    expect(series('dspex.llm.requests', { model: 'gpt-4.1', outcome: 'failure' })?.value).toBe(1)
    expect(series('dspex.llm.time_to_first_chunk', { model: 'gpt-4.1' })?.histogram?.count).toBe(1)
  })

  it('records content only when asked, and only through the redactor', async () => {
    const prompt = 'My key is sk-proj-abcdefghijklmnopqrstuvwxyz123456, mail bob@example.com'
    const model = () =>
      new MockLanguageModelV4({
        modelId: 'gpt-4o',
        doGenerate: {
          content: [{ type: 'text', text: 'ok' }],
          finishReason: stop,
          usage: usage(1, 1),
          warnings: [],
        },
      })
    const off = setup()
    await generateText({ model: model(), prompt, telemetry: { integrations: [off.integration] } })
    expect(off.spans[0]?.attributes['gen_ai.input.messages']).toBeUndefined()
    expect(off.spans[0]?.attributes['gen_ai.output.messages']).toBeUndefined()

    const on = setup({ recordContent: true })
    await generateText({ model: model(), prompt, telemetry: { integrations: [on.integration] } })
    const input = String(on.spans[0]?.attributes['gen_ai.input.messages'])
    expect(input).toContain('My key is')
    expect(input).not.toContain('sk-proj-abcdefghijklmnopqrstuvwxyz123456')
    expect(input).not.toContain('bob@example.com')
    expect(String(on.spans[0]?.attributes['gen_ai.output.messages'])).toContain('ok')

    const sdkSaysNo = setup({ recordContent: true })
    await generateText({
      model: model(),
      prompt,
      telemetry: { integrations: [sdkSaysNo.integration], recordInputs: false },
    })
    expect(sdkSaysNo.spans[0]?.attributes['gen_ai.input.messages']).toBeUndefined()
  })

  it('reports bad usage from a provider once and never throws into the SDK', async () => {
    const { integration, errors, series } = setup()
    const model = new MockLanguageModelV4({
      modelId: 'gpt-4o',
      doGenerate: {
        content: [{ type: 'text', text: 'x' }],
        finishReason: stop,
        usage: {
          inputTokens: { total: -4, noCache: 0, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: Number.POSITIVE_INFINITY, text: 0, reasoning: 0 },
        },
        warnings: [],
      },
    })
    for (let i = 0; i < 2; i++)
      await generateText({ model, prompt: 'x', telemetry: { integrations: [integration] } })
    expect(series('dspex.llm.requests', { model: 'gpt-4o' })?.value).toBe(2)
    expect(series('dspex.llm.tokens', { model: 'gpt-4o', token_type: 'input' })).toBeUndefined()
    expect(errors.filter((e) => e.message.includes('input_tokens'))).toHaveLength(1)
    expect(errors.filter((e) => e.message.includes('output_tokens'))).toHaveLength(1)
  })

  it('reports a callback that fails with an unprintable value once, never throwing into the SDK', () => {
    const { integration, errors } = setup()
    const hostile = {
      get callId(): never {
        throw Object.create(null)
      },
    }
    expect(() => integration.onStart(hostile as never)).not.toThrow()
    expect(errors.map((e) => e.message)).toEqual([
      'createAiSdkTelemetry: onStart failed: an error that cannot be read',
    ])
  })

  it('ends the oldest open call as abandoned past maxOpenCalls, and reports it once', () => {
    const { integration, spans, errors } = setup({ maxOpenCalls: 2 })
    for (const callId of ['a', 'b', 'c', 'd']) {
      integration.onStart({ callId })
      integration.onLanguageModelCallStart({ callId, provider: 'openai', modelId: `m-${callId}` })
    }
    expect(spans.map((s) => [s.name, s.attributes['error.type']])).toEqual([
      ['chat m-a', 'abandoned'],
      ['chat m-b', 'abandoned'],
    ])
    integration.onEnd({ callId: 'c' })
    integration.onLanguageModelCallEnd({ callId: 'd', modelId: 'm-d', finishReason: 'stop' })
    expect(spans.map((s) => s.name)).toEqual(['chat m-a', 'chat m-b', 'chat m-c', 'chat m-d'])
    expect(spans[2]?.attributes['error.type']).toBe('incomplete')
    expect(errors.filter((e) => e.message.includes('generation calls open'))).toHaveLength(1)
  })
})
