import { createManualClock, createTelemetry, type Measurements } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../test/seededRandom.ts'
import { createEventBatcher } from './eventBatcher.ts'
import { createSampledEvents } from './sampledEvents.ts'
import { createSampler } from './sampler.ts'

function setup(rate = 0.25) {
  const clock = createManualClock()
  const t = createTelemetry({ clock, enrich: false })
  const sampler = createSampler({
    clock,
    random: seededRandom(21),
    default: { strategy: 'random', rate },
    adjustments: { load: false, criticalPath: false },
  })
  const events = createSampledEvents({ telemetry: t, sampler, prefix: 'my_app' })
  const got: Array<[string, Measurements]> = []
  t.attach('log', 'my_app.*', (event, m) => got.push([event, m]))
  return { clock, t, sampler, events, got }
}

describe('sampled events', () => {
  it('emits the kept share under the prefix, each with its adjusted count', () => {
    const { events, got } = setup()
    let emitted = 0
    for (let i = 0; i < 20_000; i++) if (events.emit('cache.hit', { n: 1 })) emitted++
    expect(got.length).toBe(emitted)
    expect(Math.abs(emitted / 20_000 - 0.25)).toBeLessThan(0.02)
    expect(got[0]).toEqual(['my_app.cache.hit', { n: 1, adjusted_count: 4 }])
  })

  it('keeps or drops a sampled span with its trace: children follow the root', () => {
    const { events, got } = setup(0.5)
    let runs = 0
    for (let i = 0; i < 200; i++) {
      events.span('request', {}, () => {
        runs++
        events.span('step', {}, () => runs++)
      })
    }
    expect(runs).toBe(400)
    const starts = got.filter(([e]) => e === 'my_app.request.start').length
    const stepStarts = got.filter(([e]) => e === 'my_app.step.start').length
    expect(starts).toBeGreaterThan(60)
    expect(starts).toBeLessThan(140)
    // A kept root's steps are all kept; a dropped root's are all dropped.
    expect(stepStarts).toBe(starts)
  })

  it('returns what the function returns and passes a non-recording span when dropped', () => {
    const { events } = setup(0)
    expect(events.span('x', {}, (span) => (span.isRecording() ? 'recording' : 'dropped'))).toBe('dropped')
  })

  it('emits once per key per window', () => {
    const { clock, events, got } = setup()
    expect(events.emitOncePer('warn', 'config-a', 1000)).toBe(true)
    expect(events.emitOncePer('warn', 'config-a', 1000)).toBe(false)
    expect(events.emitOncePer('warn', 'config-b', 1000)).toBe(true)
    clock.advance(999)
    expect(events.emitOncePer('warn', 'config-a', 1000)).toBe(false)
    clock.advance(1)
    expect(events.emitOncePer('warn', 'config-a', 1000)).toBe(true)
    expect(got.map(([e]) => e)).toEqual(['my_app.warn', 'my_app.warn', 'my_app.warn'])
  })

  it('emits only when the condition holds, and reports a throwing condition', () => {
    const errors: string[] = []
    const t = createTelemetry({ onError: (e) => errors.push(e.message) })
    const events = createSampledEvents({ telemetry: t, sampler: createSampler() })
    const got: string[] = []
    t.attach('log', 'slow', (e) => got.push(e))
    expect(events.emitIf(false, 'slow')).toBe(false)
    expect(events.emitIf(() => true, 'slow')).toBe(true)
    expect(
      events.emitIf(() => {
        throw new Error('nope')
      }, 'slow'),
    ).toBe(false)
    expect(got).toEqual(['slow'])
    expect(errors).toEqual(['emitIf: the condition for slow threw: nope'])
  })
})

describe('event batcher', () => {
  it('emits one summary on size with exact totals', () => {
    const t = createTelemetry({ enrich: false })
    const got: Measurements[] = []
    t.attach('log', 'my_app.cache.hits', (_e, m) => got.push(m))
    const batch = createEventBatcher({ telemetry: t, event: 'my_app.cache.hits', maxSize: 3 })
    batch.add({ bytes: 10 })
    batch.add({ bytes: 30 })
    expect(got).toEqual([])
    batch.add({ bytes: 20 })
    expect(got).toEqual([{ count: 3, bytes_sum: 60, bytes_min: 10, bytes_max: 30 }])
  })

  it('emits on time what it holds, and nothing when empty', () => {
    const clock = createManualClock()
    const t = createTelemetry({ clock, enrich: false })
    const got: Measurements[] = []
    t.attach('log', 'batch', (_e, m) => got.push(m))
    const batch = createEventBatcher({ telemetry: t, event: 'batch', maxWaitMs: 500 })
    batch.add()
    clock.advance(499)
    expect(got).toEqual([])
    clock.advance(1)
    expect(got).toEqual([{ count: 1 }])
    clock.advance(5000)
    batch.close()
    expect(got.length).toBe(1)
  })
})
