import { describe, expect, it } from 'vitest'
import { createTelemetry } from './telemetry.ts'
import type { EventSampler, EventSamplerLink, Measurements, SpanSampler } from './types.ts'

/** Keeps every other event, each standing for 2. */
function everyOther(): EventSampler & { calls: number } {
  let n = 0
  return {
    calls: 0,
    sampleEvent() {
      this.calls++
      return n++ % 2 === 0 ? 2 : 0
    },
  }
}

describe('sampled delivery', () => {
  it('gives a sampled handler only the kept events, with their adjusted count, and every other handler all of them', () => {
    const sampler = everyOther()
    const t = createTelemetry({ eventSampler: sampler, enrich: false })
    const all: Measurements[] = []
    const sampled: Measurements[] = []
    t.attach('all', 'app.request', (_e, m) => all.push(m))
    t.attach('sampled', 'app.request', (_e, m) => sampled.push(m), undefined, { sampled: true })
    for (let i = 0; i < 6; i++) t.execute('app.request', { i })
    expect(all.map((m) => m.i)).toEqual([0, 1, 2, 3, 4, 5])
    expect(all.every((m) => !('adjusted_count' in m))).toBe(true)
    expect(sampled).toEqual([
      { i: 0, adjusted_count: 2 },
      { i: 2, adjusted_count: 2 },
      { i: 4, adjusted_count: 2 },
    ])
  })

  it('opts in through a config object carrying sampled: true, still passed to the handler', () => {
    const t = createTelemetry({ eventSampler: everyOther() })
    const configs: unknown[] = []
    t.attach('s', 'app.request', (_e, _m, _md, config) => configs.push(config), { sampled: true })
    t.execute('app.request', {})
    t.execute('app.request', {})
    expect(configs).toEqual([{ sampled: true }])
  })

  it('asks the sampler once per event however many sampled handlers listen', () => {
    const sampler = everyOther()
    const t = createTelemetry({ eventSampler: sampler })
    const a: number[] = []
    const b: number[] = []
    t.attach('a', 'app.*', (_e, m) => a.push(m.i as number), undefined, { sampled: true })
    t.attach('plain', 'app.request', () => {})
    t.attach('b', 'app.request', (_e, m) => b.push(m.i as number), undefined, { sampled: true })
    for (let i = 0; i < 4; i++) t.execute('app.request', { i })
    expect(sampler.calls).toBe(4)
    expect(a).toEqual([0, 2])
    expect(b).toEqual([0, 2])
  })

  it('gates pre-resolved event handles the same way', () => {
    const t = createTelemetry({ eventSampler: everyOther(), enrich: false })
    const got: number[] = []
    t.attach('s', 'app.request', (_e, m) => got.push(m.i as number), undefined, { sampled: true })
    const handle = t.event('app.request')
    for (let i = 0; i < 4; i++) handle.execute({ i }, {})
    expect(got).toEqual([0, 2])
  })

  it('uses the event sampler that comes with the trace sampler', () => {
    const traces: SpanSampler = { shouldSample: () => ({ sampled: true }), events: everyOther() }
    const t = createTelemetry({ sampler: traces })
    const got: number[] = []
    t.attach('s', 'app.request', (_e, m) => got.push(m.i as number), { sampled: true })
    for (let i = 0; i < 4; i++) t.execute('app.request', { i })
    expect(got).toEqual([0, 2])
  })

  it('delivers every event with adjusted count 1 when no event sampler is set', () => {
    const t = createTelemetry()
    const got: Measurements[] = []
    t.attach('s', 'app.request', (_e, m) => got.push(m), undefined, { sampled: true })
    t.execute('app.request', { n: 1 })
    expect(got).toEqual([{ n: 1, adjusted_count: 1 }])
  })

  it('withholds the event from sampled handlers and reports when the sampler throws, and other handlers still run', () => {
    const errors: string[] = []
    const t = createTelemetry({
      eventSampler: {
        sampleEvent() {
          throw new Error('boom')
        },
      },
      onError: (e) => errors.push(e.message),
    })
    const plain: number[] = []
    const sampled: number[] = []
    t.attach('s', 'app.request', () => sampled.push(1), undefined, { sampled: true })
    t.attach('p', 'app.request', () => plain.push(1))
    t.execute('app.request', {})
    expect(sampled).toEqual([])
    expect(plain).toEqual([1])
    expect(errors).toEqual(['event sampler failed on app.request: boom'])
  })

  it('detaches a failing sampled handler like any other and keeps its group mates', () => {
    const t = createTelemetry({ eventSampler: { sampleEvent: () => 1 } })
    const got: number[] = []
    t.attach(
      'bad',
      'app.request',
      () => {
        throw new Error('bad')
      },
      undefined,
      { sampled: true },
    )
    t.attach('good', 'app.request', () => got.push(1), undefined, { sampled: true })
    t.execute('app.request', {})
    t.execute('app.request', {})
    expect(got).toEqual([1, 1])
    expect(t.listHandlers().map((h) => h.id)).toEqual(['good'])
  })

  it('hands the sampler a link that delivers later samples to sampled handlers only', () => {
    let link: EventSamplerLink | undefined
    let disconnected = false
    const t = createTelemetry({
      eventSampler: {
        sampleEvent: () => 0,
        connect(l) {
          link = l
          return () => {
            disconnected = true
          }
        },
      },
    })
    const plain: number[] = []
    const sampled: Measurements[] = []
    t.attach('p', 'app.request', () => plain.push(1))
    t.attach('s', 'app.request', (_e, m) => sampled.push(m), undefined, { sampled: true })
    expect(link?.telemetry).toBe(t)
    link?.deliverSampled('app.request', { i: 7 }, {}, 40)
    expect(sampled).toEqual([{ i: 7, adjusted_count: 40 }])
    expect(plain).toEqual([])
    return t.shutdown().then(() => expect(disconnected).toBe(true))
  })
})
