import { context, createTraceState, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api'
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace'
import { describe, expect, it } from 'vitest'
import { toOtelSampler } from '../src/otel.ts'
import { createSampler } from '../src/sampler.ts'
import { seededRandom, traceIdFrom } from './seededRandom.ts'

const quiet = { adjustments: { load: false, criticalPath: false } } as const

/** A provider with our sampler, ids from a seeded source, and an in-memory exporter. */
function provider(rate: number, seed: number) {
  const sampler = createSampler({ ...quiet, default: { strategy: 'random', rate } })
  const exporter = new InMemorySpanExporter()
  const ids = seededRandom(seed)
  const p = new TracerProvider({
    sampler: toOtelSampler(sampler),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    idGenerator: {
      generateTraceId: () => traceIdFrom(ids),
      generateSpanId: () => traceIdFrom(ids).slice(0, 16),
    },
  })
  return { sampler, exporter, tracer: p.getTracer('test'), provider: p }
}

describe('toOtelSampler inside the OpenTelemetry SDK', () => {
  it('keeps the roots whose randomness reaches the threshold, with ot=th in their tracestate', async () => {
    const { tracer, exporter, provider: p } = provider(0.25, 11)
    const started: Array<{ id: string; recording: boolean }> = []
    for (let i = 0; i < 4000; i++) {
      const span = tracer.startSpan('job', {}, ROOT_CONTEXT)
      started.push({ id: span.spanContext().traceId, recording: span.isRecording() })
      span.end()
    }
    await p.forceFlush()
    const finished = exporter.getFinishedSpans()
    for (const s of started) expect(s.recording).toBe(BigInt(`0x${s.id.slice(18)}`) >= 0xc0000000000000n)
    expect(Math.abs(finished.length / 4000 - 0.25)).toBeLessThan(0.03)
    for (const s of finished) {
      expect(s.spanContext().traceState?.serialize()).toBe('ot=th:c')
      expect(s.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(1)
    }
  })

  it('makes children follow their parent and pass th on unchanged', async () => {
    const { tracer, exporter, provider: p } = provider(0.5, 12)
    for (let i = 0; i < 200; i++) {
      const parent = tracer.startSpan('parent', {}, ROOT_CONTEXT)
      const child = tracer.startSpan('child', {}, trace.setSpan(context.active(), parent))
      expect(child.isRecording()).toBe(parent.isRecording())
      child.end()
      parent.end()
    }
    await p.forceFlush()
    const spans = exporter.getFinishedSpans()
    expect(spans.length).toBeGreaterThan(100)
    for (const s of spans) expect(s.spanContext().traceState?.serialize()).toBe('ot=th:8')
  })

  it('erases an inconsistent remote threshold and keeps other vendors members', async () => {
    const { tracer, exporter, provider: p } = provider(1, 13)
    const remote = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0af7651916cd43dd8400000000000000',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
      traceState: createTraceState('ot=th:c,vendor=1'),
    })
    tracer.startSpan('child', {}, remote).end()
    await p.forceFlush()
    const [span] = exporter.getFinishedSpans()
    expect(span?.spanContext().traceState?.serialize()).toBe('vendor=1')
  })

  it('keeps the same traces as core using the same sampler rules', () => {
    const rules = { ...quiet, default: { strategy: 'random', rate: 0.2 } } as const
    const otel = toOtelSampler(createSampler(rules))
    const ours = createSampler(rules).traces
    const next = seededRandom(14)
    for (let i = 0; i < 5000; i++) {
      const traceId = traceIdFrom(next)
      const o = otel.shouldSample(ROOT_CONTEXT, traceId, 'job', 0, {}, [])
      const f = ours.shouldSample({ traceId, name: 'job', kind: 0, attributes: {}, parent: undefined })
      expect(o.decision === 2).toBe(f.sampled)
    }
  })

  it('keeps a superset of what TraceIdRatioBased keeps at no rate: it is a different, documented hash', () => {
    // The SDK's ratio sampler reads other bits of the id, so the two disagree on single traces
    // while agreeing on the share: a reason to run one sampler per fleet.
    const { sampler } = provider(0.5, 15)
    const theirs = new TraceIdRatioBasedSampler(0.5)
    const ours = toOtelSampler(sampler)
    const next = seededRandom(16)
    let both = 0
    let oursOnly = 0
    let theirsOnly = 0
    for (let i = 0; i < 20_000; i++) {
      const id = traceIdFrom(next)
      const a = ours.shouldSample(ROOT_CONTEXT, id, 'x', 0, {}, []).decision === 2
      const b = theirs.shouldSample(ROOT_CONTEXT, id).decision === 2
      if (a && b) both++
      else if (a) oursOnly++
      else if (b) theirsOnly++
    }
    expect(Math.abs(oursOnly + both - 10_000) / 10_000).toBeLessThan(0.03)
    expect(Math.abs(theirsOnly + both - 10_000) / 10_000).toBeLessThan(0.03)
    expect(oursOnly).toBeGreaterThan(1000)
  })
})
