import { createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { captureTelemetry } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { type AgentsSpanLike, OpenAIAgentsProcessor } from './openaiAgentsProcessor.ts'

const span = (
  spanId: string,
  data: AgentsSpanLike['spanData'],
  parentId: string | null = null,
): AgentsSpanLike => ({
  traceId: 'trace_1',
  spanId,
  parentId,
  spanData: data,
  error: null,
})

describe('OpenAIAgentsProcessor', () => {
  it('ends of spans and traces it never saw start are ignored, and every call resolves', async () => {
    const errors: TelemetryError[] = []
    const t = createTelemetry({ onError: (e) => errors.push(e) })
    const processor = new OpenAIAgentsProcessor(t)
    await expect(processor.onSpanEnd(span('s9', { type: 'agent', name: 'x' }))).resolves.toBeUndefined()
    await expect(processor.onTraceEnd({ traceId: 'nope' })).resolves.toBeUndefined()
    await expect(processor.forceFlush()).resolves.toBeUndefined()
    await expect(processor.shutdown()).resolves.toBeUndefined()
    expect(errors).toEqual([])
  })

  it('a trace whose agent failed completes its handoff session as unsuccessful', async () => {
    const t = createTelemetry()
    const processor = new OpenAIAgentsProcessor(t)
    const events = await captureTelemetry(t, 'foundation_jido.coordination.session.*', async () => {
      await processor.onTraceStart({ traceId: 'trace_1', name: 'Support' })
      await processor.onSpanStart(span('a1', { type: 'agent', name: 'triage' }))
      await processor.onSpanStart(span('h1', { type: 'handoff', from_agent: 'triage' }, 'a1'))
      await processor.onSpanEnd(
        span('h1', { type: 'handoff', from_agent: 'triage', to_agent: 'billing' }, 'a1'),
      )
      await processor.onSpanEnd({
        ...span('a1', { type: 'agent', name: 'triage' }),
        error: { message: 'guardrail tripped' },
      })
      await processor.onTraceEnd({ traceId: 'trace_1' })
    })
    expect(events.map((e) => [e.event, e.metadata.success])).toEqual([
      ['foundation_jido.coordination.session.start', undefined],
      ['foundation_jido.coordination.session.message', undefined],
      ['foundation_jido.coordination.session.complete', false],
    ])
  })

  it('open SDK spans are bounded: the oldest is ended and the drop reported once', async () => {
    const errors: TelemetryError[] = []
    const t = createTelemetry({ onError: (e) => errors.push(e) })
    const processor = new OpenAIAgentsProcessor(t, { maxOpen: 2 })
    for (const id of ['s1', 's2', 's3', 's4'])
      await processor.onSpanStart(span(id, { type: 'custom', name: id, data: {} }))
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['data_dropped', 'more than 2 SDK spans or traces open; the oldest was ended'],
    ])
  })
})
