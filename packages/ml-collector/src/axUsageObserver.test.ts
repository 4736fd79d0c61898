import { flushMicrotasks } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { telemetryHarness } from '../test/collectorHarness.ts'
import { createAxUsageObserver } from './axUsageObserver.ts'
import { createReportOnce } from './reportOnce.ts'

function setup(chained?: (event: never) => unknown) {
  const harness = telemetryHarness('ax-usage', ['dspex.llm.usage'])
  const report = createReportOnce(harness.t, 'instrumentAx')
  const observer = createAxUsageObserver(harness.t, { program_id: 'qa' }, report, chained)
  return { ...harness, observer }
}

const chat = {
  operation: 'chat',
  ai: 'openai',
  model: 'gpt-4o-mini',
  tokens: { promptTokens: 10, completionTokens: 2, totalTokens: 12 },
}

describe("Ax's usage observer", () => {
  it('turns a usage event into dspex.llm.usage with its tokens, model, the extra metadata and the active trace ids', () => {
    const { t, observer, events } = setup()
    const span = t.startSpan('run')
    t.withContext(span, () => observer.onUsage(chat))
    span.end()
    expect(events).toEqual([
      {
        event: 'dspex.llm.usage',
        measurements: { input_tokens: 10, output_tokens: 2, total_tokens: 12 },
        metadata: expect.objectContaining({
          program_id: 'qa',
          model: 'gpt-4o-mini',
          provider: 'openai',
          operation: 'chat',
          trace_id: span.spanContext().traceId,
          span_id: span.spanContext().spanId,
        }),
      },
    ])
  })

  it('records a usage event without a model and reports that once', () => {
    const { observer, events, errors } = setup()
    observer.onUsage({ ...chat, model: '' })
    observer.onUsage({ ...chat, model: undefined as never })
    expect(events.map((e) => e.metadata.model)).toEqual([undefined, undefined])
    expect(errors.map((e) => e.message)).toEqual(['instrumentAx: a usage event without a model'])
  })

  it('reports an event it cannot read instead of throwing into Ax', () => {
    const { observer, events, errors } = setup()
    const unreadable = {
      get tokens(): never {
        throw new Error('no tokens')
      },
    }
    expect(() => observer.onUsage(unreadable)).not.toThrow()
    expect(events).toEqual([])
    expect(errors.map((e) => e.message)).toContain('instrumentAx: onUsage failed: Error: no tokens')
  })

  it('reports an event that fails with an unprintable value instead of throwing into Ax', () => {
    const { observer, errors } = setup()
    const hostile = {
      get tokens(): never {
        throw Object.create(null)
      },
    }
    expect(() => observer.onUsage(hostile)).not.toThrow()
    expect(errors.map((e) => e.message)).toContain(
      'instrumentAx: onUsage failed: an error that cannot be read',
    )
  })

  it('passes every event on to the observer that was there, which may throw or reject', async () => {
    const seen: unknown[] = []
    const throwing = setup((e: never) => {
      seen.push(e)
      throw new Error('user observer')
    })
    expect(() => throwing.observer.onUsage(chat)).not.toThrow()
    const rejecting = setup(async (e: never) => {
      seen.push(e)
      throw new Error('user observer')
    })
    rejecting.observer.onUsage(chat)
    await flushMicrotasks()
    expect(seen).toEqual([chat, chat])
    expect([...throwing.errors, ...rejecting.errors]).toEqual([])
  })

  it('after stop records nothing but still passes events on to the observer it chained', () => {
    // An observer set after ours may chain ours; the one before ours must keep its events.
    const seen: unknown[] = []
    const { observer, events } = setup((e: never) => void seen.push(e))
    observer.stop()
    observer.onUsage(chat)
    expect(events).toEqual([])
    expect(seen).toEqual([chat])
  })
})
