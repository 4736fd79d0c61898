import { createManualClock, createTelemetry } from '@foundation-telemetry/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { seededRandom, traceIdFrom } from '../test/seededRandom.ts'
import { spanCollector } from '../test/spanCollector.ts'
import { createSampler } from './sampler.ts'
import { keepsAt, padThreshold, probabilityToThreshold, TRACE_ID_RANDOMNESS_OFFSET } from './threshold.ts'
import type { SamplerOptions } from './types.ts'

const quiet: SamplerOptions = { adjustments: { load: false, criticalPath: false } }

/** A quiet sampler keeping `rate` of everything at random; `options` adds or overrides the rest. */
function randomSampler(rate: number, options: SamplerOptions = {}) {
  return createSampler({ ...quiet, default: { strategy: 'random', rate }, ...options })
}

function root(sampler: ReturnType<typeof createSampler>, traceId: string, name = 'op', attributes = {}) {
  return sampler.traces.shouldSample({ traceId, name, kind: 0, attributes, parent: undefined })
}

describe('trace decisions', () => {
  it('keeps a root iff the trace id low 56 bits reach the threshold, and writes ot=th', () => {
    const sampler = randomSampler(0.25)
    expect(root(sampler, '0af7651916cd43dd8448eb211c80319c')).toEqual({ sampled: false })
    expect(root(sampler, '0af7651916cd43dd84c0000000000000')).toEqual({
      sampled: true,
      traceState: 'ot=th:c',
    })
    expect(root(sampler, '0af7651916cd43dd84bfffffffffffff')).toEqual({ sampled: false })
  })

  it('gives two samplers at one rate the same decision for the same trace id', () => {
    const a = randomSampler(0.3, { random: seededRandom(1) })
    const b = randomSampler(0.3, { random: seededRandom(2) })
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{32}$/), (id) => {
        expect(root(a, id)).toEqual(root(b, id))
      }),
    )
  })

  it('keeps at every higher rate a trace kept at a lower one', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9a-f]{32}$/),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (id, p1, f) => {
          const low = randomSampler(p1)
          const high = randomSampler(p1 + (1 - p1) * f)
          if (root(low, id).sampled) expect(root(high, id).sampled).toBe(true)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('keeps about the rate of random trace ids', () => {
    const sampler = randomSampler(0.1)
    const next = seededRandom(3)
    let kept = 0
    for (let i = 0; i < 100_000; i++) if (root(sampler, traceIdFrom(next)).sampled) kept++
    expect(Math.abs(kept - 10_000) / 10_000).toBeLessThan(0.05)
  })

  it('marks always-kept traces th:0, keeps rate-limited ones without a threshold, and follows the parent', () => {
    const clock = createManualClock()
    const sampler = createSampler({
      ...quiet,
      clock,
      default: { strategy: 'always' },
      events: { limited: { strategy: 'rate_limited', perSecond: 1 } },
    })
    expect(root(sampler, traceIdFrom(seededRandom(4)))).toEqual({ sampled: true, traceState: 'ot=th:0' })
    expect(root(sampler, traceIdFrom(seededRandom(4)), 'limited')).toEqual({ sampled: true })
    expect(root(sampler, traceIdFrom(seededRandom(4)), 'limited')).toEqual({ sampled: false })
    const parent = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 0 }
    expect(
      sampler.traces.shouldSample({ traceId: parent.traceId, name: 'x', kind: 0, attributes: {}, parent }),
    ).toEqual({
      sampled: false,
    })
  })

  it('erases a parent threshold its randomness does not reach, and keeps a consistent one', () => {
    const sampler = createSampler(quiet)
    const child = (traceId: string, traceState: string) =>
      sampler.traces.shouldSample({
        traceId,
        name: 'x',
        kind: 0,
        attributes: {},
        parent: { traceId, spanId: 'b7ad6b7169203331', traceFlags: 1, traceState },
      })
    expect(child('0af7651916cd43dd84c0000000000000', 'ot=th:c,vendor=1')).toEqual({ sampled: true })
    expect(child('0af7651916cd43dd8400000000000000', 'ot=th:c,vendor=1')).toEqual({
      sampled: true,
      traceState: 'vendor=1',
    })
    // An explicit rv is the randomness when present.
    expect(child('0af7651916cd43dd8400000000000000', 'ot=th:c;rv:d0000000000000')).toEqual({ sampled: true })
  })

  it('applies the error boost to roots whose attributes carry an error mark', () => {
    const sampler = randomSampler(0.25)
    const id = '0af7651916cd43dd84a0000000000000' // between th:8 (p=0.5) and th:c (p=0.25)
    expect(root(sampler, id).sampled).toBe(false)
    expect(root(sampler, id, 'op', { retry_attempt: 1 })).toEqual({ sampled: true, traceState: 'ot=th:8' })
  })

  it('decides every root as the full 14-digit threshold comparison does, ties on the first digit included', () => {
    const digit = fc.constantFrom(...'0123456789abcdefABCDEF-z'.split(''))
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.25, 0.5, 0.1, 1e-9)),
        fc.boolean(),
        fc.boolean(),
        fc.array(digit, { minLength: 32, maxLength: 32 }),
        (rate, error, tie, chars) => {
          const sampler = randomSampler(rate)
          const p = error ? Math.min(rate * 2, 1) : rate
          const th = probabilityToThreshold(p)
          // Half the ids share the threshold's first digit, so the digits after it decide.
          if (tie && th !== undefined) chars[TRACE_ID_RANDOMNESS_OFFSET] = th[0] as string
          const id = chars.join('')
          const kept = th !== undefined && keepsAt(id, TRACE_ID_RANDOMNESS_OFFSET, padThreshold(th))
          const attributes = error ? { error_context: 'boom' } : {}
          expect(root(sampler, id, 'op', attributes)).toEqual(
            kept ? { sampled: true, traceState: `ot=th:${th}` } : { sampled: false },
          )
          sampler.close()
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('in core', () => {
  it('samples root spans, passes th to children unchanged, and exports only kept traces', async () => {
    const sampler = randomSampler(0.25)
    const t = createTelemetry({ sampler: sampler.traces })
    const collector = spanCollector()
    t.addSpanProcessor(collector)
    const ended = collector.spans
    let roots = 0
    for (let i = 0; i < 2000; i++) {
      const span = t.startSpan('job')
      t.withContext(span, () => t.startSpan('step').end())
      span.end()
      roots++
    }
    const kept = ended.filter((s) => s.parentSpanId === undefined)
    expect(Math.abs(kept.length / roots - 0.25)).toBeLessThan(0.04)
    for (const s of ended) {
      expect(s.spanContext.traceState).toBe('ot=th:c')
      expect(BigInt(`0x${s.spanContext.traceId.slice(18)}`) >= 0xc0000000000000n).toBe(true)
    }
    expect(ended.length).toBe(kept.length * 2)
    expect(sampler.stats().job?.seen).toBe(2000)
  })

  it('delivers sampled events to opted-in handlers with their adjusted count, and every event to the rest', () => {
    const sampler = randomSampler(0.1, { random: seededRandom(5) })
    const t = createTelemetry({ sampler: sampler.traces, enrich: false })
    let all = 0
    let weighted = 0
    let delivered = 0
    t.attach('metrics', 'app.request', () => all++)
    t.attach(
      'export',
      'app.request',
      (_e, m) => {
        delivered++
        weighted += m.adjusted_count as number
      },
      { sampled: true },
    )
    for (let i = 0; i < 50_000; i++) t.execute('app.request', { n: 1 }, {})
    expect(all).toBe(50_000)
    expect(delivered).toBeLessThan(6000)
    // Re-weighting by the adjusted count estimates the true count without bias.
    expect(Math.abs(weighted - 50_000) / 50_000).toBeLessThan(0.05)
  })

  it('records its counts and rates as taxonomy metrics in the connected instance', () => {
    const clock = createManualClock()
    const sampler = randomSampler(0.5, { clock, random: seededRandom(6) })
    const t = createTelemetry({ clock, eventSampler: sampler })
    for (let i = 0; i < 100; i++) sampler.shouldSample('app.request')
    clock.advance(1000)
    const snapshot = t.metrics.collect()
    const value = (name: string) =>
      snapshot.find((m) => m.name === name)?.series.find((s) => s.tags.event === 'app.request')?.value
    const sampled = value('telemetry.sampler.sampled') as number
    expect(value('telemetry.sampler.seen')).toBe(100)
    expect(sampled + (value('telemetry.sampler.dropped') as number)).toBe(100)
    expect(value('telemetry.sampler.rate')).toBe(0.5)
  })

  it('counts once into an instance it is connected to twice', () => {
    const clock = createManualClock()
    const t = createTelemetry({ clock })
    const sampler = createSampler({ ...quiet, clock, telemetry: t })
    sampler.connect?.({ telemetry: t, deliverSampled() {} })
    sampler.shouldSample('x')
    clock.advance(1000)
    const seen = t.metrics.collect().find((m) => m.name === 'telemetry.sampler.seen')?.series[0]?.value
    expect(seen).toBe(1)
  })

  it('reports bad rules through the instance it connects to', () => {
    const sampler = createSampler({ events: { 'a.b': { strategy: 'random', rate: 2 } } })
    const errors: string[] = []
    createTelemetry({ sampler: sampler.traces, onError: (e) => errors.push(e.message) })
    expect(errors).toEqual(['sampler: rule for a.b: rate must be a number in 0..1; the default rule applies'])
  })

  it('delivers a reservoir sample to sampled handlers when its interval ends', () => {
    const clock = createManualClock()
    const sampler = createSampler({
      ...quiet,
      clock,
      default: { strategy: 'reservoir', size: 3 },
      random: seededRandom(8),
    })
    const t = createTelemetry({ clock, sampler: sampler.traces, enrich: false })
    const got: number[] = []
    t.attach('export', 'batch.item', (_e, m) => got.push(m.adjusted_count as number), { sampled: true })
    for (let i = 0; i < 12; i++) t.execute('batch.item', { i }, {})
    expect(got).toEqual([])
    clock.advance(1000)
    expect(got).toEqual([4, 4, 4])
  })
})
