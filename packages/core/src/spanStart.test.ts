import { describe, expect, it } from 'vitest'
import type { TelemetryError } from './errors.ts'
import { createManualClock } from './manualClock.ts'
import type { SpanPipeline } from './span.ts'
import { childContext, createSpanStart, sampledRootContext } from './spanStart.ts'
import { type ReadableSpan, type SpanSampler, TraceFlags } from './types.ts'

function setup(sampler?: SpanSampler) {
  const errors: TelemetryError[] = []
  const started: string[] = []
  const ended: ReadableSpan[] = []
  const pipeline: SpanPipeline = {
    clock: createManualClock(),
    resource: {},
    processors: [
      {
        onStart: (span) => void started.push(span.name),
        onEnd: (span) => void ended.push(span),
        async forceFlush() {},
        async shutdown() {},
      },
    ],
    report: (e) => errors.push(e),
  }
  return { errors, started, ended, startSpan: createSpanStart(pipeline, sampler, (e) => errors.push(e)) }
}

describe('starting spans', () => {
  it('a root without a sampler is sampled and its processors see it start and end', () => {
    const { startSpan, started, ended } = setup()
    const span = startSpan('work')
    expect(span.spanContext().traceFlags).toBe(TraceFlags.SAMPLED)
    span.end()
    expect(started).toEqual(['work'])
    expect(ended.map((s) => [s.name, 'parentSpanId' in s])).toEqual([['work', false]])
  })

  it('a child takes its parent trace id and records the parent span id', () => {
    const { startSpan, ended } = setup()
    const parent = startSpan('parent')
    startSpan('child', { parent }).end()
    expect(ended[0]?.spanContext.traceId).toBe(parent.spanContext().traceId)
    expect(ended[0]?.parentSpanId).toBe(parent.spanContext().spanId)
  })

  it('the sampler decides a new trace: a dropped root is not shown to processors, its decision attributes are set', () => {
    const decisions = [false, true]
    const { startSpan, started } = setup({
      shouldSample: () => ({ sampled: decisions.shift() ?? true, attributes: { 'sampler.rule': 'r' } }),
    })
    const dropped = startSpan('dropped')
    const kept = startSpan('kept')
    expect(dropped.spanContext().traceFlags).toBe(TraceFlags.NONE)
    expect(kept.attributes).toEqual({ 'sampler.rule': 'r' })
    expect(started).toEqual(['kept'])
  })

  it('a sampler that throws keeps the trace; an empty name and an invalid parent are reported', () => {
    const { startSpan, errors } = setup({
      shouldSample: () => {
        throw new Error('sampler broke')
      },
    })
    const span = startSpan('', { parent: { traceId: 'nope', spanId: 'nope', traceFlags: 1 } })
    expect(span.name).toBe('unnamed')
    expect(span.spanContext().traceFlags).toBe(TraceFlags.SAMPLED)
    expect(errors.map((e) => e.message)).toEqual([
      'startSpan: name must be a non-empty string',
      'startSpan: parent is not a valid span or span context',
      'sampler failed: sampler broke',
    ])
  })
})

describe('span contexts', () => {
  const parent = {
    traceId: 'a'.repeat(32),
    spanId: 'b'.repeat(16),
    traceFlags: TraceFlags.SAMPLED | 0x100,
    traceState: 'vendor=1',
  }

  it('a child keeps its parent trace, flags within one byte and trace state, with a span id of its own', () => {
    const child = childContext(parent)
    expect(child).toEqual({
      traceId: parent.traceId,
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      traceFlags: TraceFlags.SAMPLED,
      traceState: 'vendor=1',
    })
    expect(child.spanId).not.toBe(parent.spanId)
  })

  it('a child of a parent without trace state has no traceState key', () => {
    const { traceState: _, ...untraced } = parent
    expect('traceState' in childContext(untraced)).toBe(false)
  })

  it("a new trace is sampled or not as its sampler decided, with the decision's trace state", () => {
    const traceId = 'c'.repeat(32)
    expect(sampledRootContext(traceId, { sampled: false })).toEqual({
      traceId,
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      traceFlags: TraceFlags.NONE,
    })
    expect(sampledRootContext(traceId, { sampled: true, traceState: 'k=v' })).toMatchObject({
      traceFlags: TraceFlags.SAMPLED,
      traceState: 'k=v',
    })
  })
})
