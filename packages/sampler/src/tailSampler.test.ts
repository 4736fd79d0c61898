import {
  createManualClock,
  createTelemetry,
  type ReadableSpan,
  SpanStatusCode,
} from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { spanCollector } from '../test/spanCollector.ts'
import { createTailSampler, type TailSamplerOptions } from './tailSampler.ts'

function setup(options: Partial<TailSamplerOptions> = {}) {
  const clock = createManualClock()
  const out = spanCollector()
  const t = createTelemetry({ clock })
  const tail = createTailSampler({
    next: out,
    clock,
    probability: 0,
    decisionWait: 500,
    telemetry: t,
    ...options,
  })
  t.addSpanProcessor(tail)
  /** A root with `children` child spans; `erring` (1-based) marks one child as an error. */
  const trace = (children: number, erring?: number, attributes = {}) => {
    const root = t.startSpan('job', { attributes })
    t.withContext(root, () => {
      for (let i = 1; i <= children; i++) {
        const child = t.startSpan(`step.${i}`)
        if (i === erring) child.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' })
        clock.advance(1)
        child.end()
      }
    })
    root.end()
    return root.spanContext().traceId
  }
  return { clock, out, t, tail, trace }
}

describe('tail sampler', () => {
  it('keeps a trace whose third span errs, whole, once the root has ended and the wait passed', () => {
    const { clock, out, tail, trace } = setup()
    const erred = trace(5, 3)
    trace(5)
    expect(out.spans).toEqual([])
    clock.advance(499)
    expect(out.spans).toEqual([])
    clock.advance(501)
    expect(out.spans.map((s) => s.spanContext.traceId)).toEqual(new Array(6).fill(erred))
    expect(out.spans.map((s) => s.name).sort()).toEqual([
      'job',
      'step.1',
      'step.2',
      'step.3',
      'step.4',
      'step.5',
    ])
    expect(tail.stats()).toMatchObject({
      kept: { error: 1 },
      dropped: 1,
      bufferedTraces: 0,
      bufferedBytes: 0,
    })
  })

  it('keeps slow traces and traces matching an attribute rule, by policy', () => {
    const { clock, tail, trace } = setup({
      latencyThresholdMs: 8,
      attributes: [{ name: 'vip', key: 'tier', values: ['gold'] }],
    })
    trace(10)
    trace(2, undefined, { tier: 'gold' })
    trace(2, undefined, { tier: 'free' })
    clock.advance(1000)
    expect(tail.stats().kept).toEqual({ latency: 1, vip: 1 })
    expect(tail.stats().dropped).toBe(1)
  })

  it('stays under its byte bound under a flood, deciding the oldest traces early', () => {
    const { tail, t } = setup({ maxBufferBytes: 50_000, decisionWait: 60_000 })
    let max = 0
    for (let i = 0; i < 2000; i++) {
      // Roots that have not ended: nothing would be decided for a minute.
      const root = t.startSpan('flood')
      t.withContext(root, () => t.startSpan('child', { attributes: { payload: 'x'.repeat(500) } }).end())
      max = Math.max(max, tail.stats().bufferedBytes)
    }
    expect(max).toBeLessThanOrEqual(50_000)
    expect(tail.stats().earlyDecisions).toBeGreaterThan(1900)
  })

  it('sends late spans the way their trace went', () => {
    const { clock, out, tail, t } = setup()
    const keptRoot = t.startSpan('job')
    const lateKept = t.withContext(keptRoot, () => t.startSpan('late'))
    t.withContext(keptRoot, () => t.startSpan('bad').setStatus({ code: SpanStatusCode.ERROR }).end())
    keptRoot.end()
    const droppedRoot = t.startSpan('job')
    const lateDropped = t.withContext(droppedRoot, () => t.startSpan('late'))
    droppedRoot.end()
    clock.advance(1000)
    expect(out.spans.length).toBe(2)
    lateKept.end()
    lateDropped.end()
    expect(out.spans.map((s) => s.name)).toEqual(['bad', 'job', 'late'])
    expect(tail.stats().lateSpans).toEqual({ kept: 1, dropped: 1 })
  })

  it('keeps a share of ordinary traces, raising the head threshold proportionally', () => {
    const clock = createManualClock()
    const out = spanCollector()
    const tail = createTailSampler({ next: out, clock, probability: 0.5 })
    const span = (traceId: string): ReadableSpan => ({
      name: 'job',
      kind: 0,
      spanContext: { traceId, spanId: 'b7ad6b7169203331', traceFlags: 1, traceState: 'ot=th:8,vendor=1' },
      startTime: 0,
      endTime: 1,
      duration: 1,
      attributes: {},
      events: [],
      links: [],
      status: { code: 0 },
      resource: {},
      instrumentationScope: { name: 'test' },
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    })
    tail.onEnd(span('0af7651916cd43dd84c0000000000000')) // R = c0..: reaches th:c (p = 0.25)
    tail.onEnd(span('0af7651916cd43dd84a0000000000000')) // R = a0..: kept at the head (th:8), not at th:c
    clock.advance(2000)
    expect(out.spans.map((s) => [s.spanContext.traceId.slice(18, 20), s.spanContext.traceState])).toEqual([
      ['c0', 'ot=th:c,vendor=1'],
    ])
  })

  it('records kept and dropped traces by policy as metrics', () => {
    const { clock, t, trace } = setup()
    trace(3, 2)
    trace(3)
    clock.advance(1000)
    const series = t.metrics.collect().find((m) => m.name === 'telemetry.tail_sampler.traces')?.series ?? []
    expect(series.map((s) => [s.tags.decision, s.tags.policy, s.value]).sort()).toEqual([
      ['dropped', 'probabilistic', 1],
      ['kept', 'error', 1],
    ])
  })

  it('decides everything buffered on shutdown', async () => {
    const { out, tail, trace } = setup({ probability: 1 })
    trace(2)
    await tail.shutdown()
    expect(out.spans.length).toBe(3)
  })
})
