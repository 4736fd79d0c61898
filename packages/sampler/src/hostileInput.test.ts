import { createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { nextProbability } from './adaptive.ts'
import { createEventBatcher } from './eventBatcher.ts'
import { readOtelTraceState, writeOtelTraceState } from './otelTraceState.ts'
import { createSampledEvents } from './sampledEvents.ts'
import { createSampler } from './sampler.ts'
import { createTailSampler } from './tailSampler.ts'
import { keepsAt, thresholdToAdjustedCount, thresholdToProbability } from './threshold.ts'
import { createTokenBucket } from './tokenBucket.ts'

/** An object every read of which throws, as a hostile caller's Proxy would. */
const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error('trap')
    },
    has() {
      throw new Error('trap')
    },
  },
)

function withErrors() {
  const errors: TelemetryError[] = []
  const t = createTelemetry({ enrich: false, onError: (e) => errors.push(e) })
  return { t, errors }
}

describe('hostile input to the sampler building blocks', () => {
  it('threshold helpers read anything but a valid th as probability 1, and keepsAt keeps', () => {
    expect(thresholdToProbability(undefined as never)).toBe(1)
    expect(thresholdToAdjustedCount(42 as never)).toBe(1)
    expect(thresholdToProbability('c')).toBe(0.25)
    expect(keepsAt(-1 as never, Symbol('x') as never, 'x' as never)).toBe(true)
    expect(keepsAt('ffffffffffffff', 0, 'c0000000000000')).toBe(true)
    expect(keepsAt('00000000000000', 0, 'c0000000000000')).toBe(false)
  })

  it('tracestate helpers treat wrong types as an empty tracestate', () => {
    expect(readOtelTraceState(true as never)).toEqual({ rest: [] })
    expect(readOtelTraceState(hostile as never)).toEqual({ rest: [] })
    expect(writeOtelTraceState({} as never, hostile as never)).toBeUndefined()
    expect(writeOtelTraceState('a=1', { th: 'c', rest: 'nope' as never })).toBe('ot=th:c,a=1')
  })

  it('nextProbability falls back to keep, or to the previous probability, on unusable input', () => {
    expect(nextProbability({} as never, Number.POSITIVE_INFINITY, undefined as never)).toBe(1)
    expect(nextProbability(0.5, 10, undefined as never)).toBe(0.5)
    expect(nextProbability(0.5, 10, hostile as never)).toBe(0.5)
    expect(nextProbability(0.5, 0, { target: 1, tolerance: 0.1, minProbability: 0.01 })).toBe(1)
  })

  it('a token bucket without a clock or with a throwing one still grants its burst', () => {
    const bucket = createTokenBucket('' as never, null as never, true as never)
    expect(bucket.take()).toBe(true)
    const throwing = createTokenBucket(1, 2, () => {
      throw new Error('clock')
    })
    expect([throwing.take(), throwing.take()]).toEqual([true, true])
  })

  it('factories without a telemetry instance return inert helpers that do nothing', () => {
    for (const bad of [undefined, hostile, [], 'x']) {
      const batch = createEventBatcher(bad as never)
      batch.add({ n: 1 })
      batch.close()
      const events = createSampledEvents(bad as never)
      expect(events.emit('x')).toBe(false)
      expect(events.span('x', undefined, (span) => span.isRecording())).toBe(false)
    }
  })

  it('a sampled-events helper without a sampler keeps everything and says so', () => {
    const { t, errors } = withErrors()
    const got: string[] = []
    t.attach('h', 'app.*', (event) => got.push(event))
    const events = createSampledEvents({ telemetry: t, sampler: hostile as never, prefix: 'app' })
    expect(events.emit('hit')).toBe(true)
    expect(got).toEqual(['app.hit'])
    expect(errors.map((e) => [e.code, e.details.option])).toEqual([['invalid_input', 'sampler']])
  })

  it('a batcher with no event name reports it and batches nothing', () => {
    const { t, errors } = withErrors()
    const batch = createEventBatcher({ telemetry: t, event: 7 as never })
    batch.add({ n: 1 })
    batch.flush()
    expect(errors.map((e) => e.details.option)).toEqual(['event'])
  })

  it('a tail sampler with unusable options reports them and drops what it cannot forward', async () => {
    const { t, errors } = withErrors()
    const tail = createTailSampler({ next: hostile as never, telemetry: t, attributes: [hostile as never] })
    expect(errors.map((e) => e.details.option)).toEqual(['next,attributes'])
    await tail.forceFlush()
    await tail.shutdown()
    const bare = createTailSampler(undefined as never)
    expect(bare.stats().bufferedTraces).toBe(0)
    await bare.shutdown()
  })
})

describe('hostile options to createSampler', () => {
  it('a sampler from unreadable options keeps everything and reports the options', () => {
    const errors: TelemetryError[] = []
    const sampler = createSampler({ onError: (e) => errors.push(e), default: hostile as never })
    expect(sampler.sampleEvent('x', {}, {})).toBe(1)
    const bare = createSampler(hostile as never)
    expect(bare.sampleEvent('x', {}, {})).toBe(1)
    bare.close()
    expect(errors.map((e) => e.code)).toEqual(['invalid_input'])
  })
})
