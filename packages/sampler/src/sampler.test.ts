import { createManualClock, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { seededRandom, traceIdFrom } from '../test/seededRandom.ts'
import { createSampler } from './sampler.ts'
import type { SamplerOptions } from './types.ts'

/** A sampler on a manual clock and a seeded source, with the load adjustment at a fixed load. */
function setup(options: SamplerOptions & { load?: number } = {}) {
  const clock = createManualClock()
  const errors: TelemetryError[] = []
  let load = options.load ?? 0
  const sampler = createSampler({
    clock,
    random: seededRandom(42),
    onError: (e) => errors.push(e),
    ...options,
    adjustments: { load: { source: () => load }, ...options.adjustments },
  })
  return { sampler, clock, errors, setLoad: (l: number) => (load = l) }
}

describe('random', () => {
  it('keeps its rate within 5% over 100k events', () => {
    const { sampler } = setup({ default: { strategy: 'random', rate: 0.1 } })
    let kept = 0
    for (let i = 0; i < 100_000; i++) if (sampler.shouldSample('app.request')) kept++
    expect(Math.abs(kept - 10_000) / 10_000).toBeLessThan(0.05)
    expect(sampler.stats()['app.request']).toEqual({
      seen: 100_000,
      sampled: kept,
      dropped: 100_000 - kept,
      rate: 0.1,
    })
  })

  it('decides events of one trace together, consistently with the trace threshold', () => {
    const { sampler } = setup({ default: { strategy: 'random', rate: 0.25 } })
    const next = seededRandom(7)
    for (let i = 0; i < 2000; i++) {
      const trace_id = traceIdFrom(next)
      const a = sampler.shouldSample('app.step', { trace_id })
      const b = sampler.shouldSample('app.other', { trace_id })
      expect(b).toBe(a)
      expect(a).toBe(BigInt(`0x${trace_id.slice(18)}`) >= 0xc0000000000000n)
    }
  })

  it('gives kept events their adjusted count', () => {
    const { sampler } = setup({ default: { strategy: 'random', rate: 0.25 } })
    const counts = new Set<number>()
    for (let i = 0; i < 100; i++) counts.add(sampler.sampleEvent('a', {}, {}))
    expect([...counts].sort()).toEqual([0, 4])
  })
})

describe('always and never', () => {
  it('always never drops, under any load and with errors', () => {
    const { sampler } = setup({
      default: { strategy: 'random', rate: 0.01 },
      events: { 'foundation_os.error.*': { strategy: 'always' } },
      load: 0.99,
    })
    for (let i = 0; i < 10_000; i++) {
      expect(sampler.shouldSample('foundation_os.error.occurred', { error_context: 'x' })).toBe(true)
      expect(sampler.shouldSample('foundation_os.error.occurred')).toBe(true)
    }
    expect(sampler.rateFor('foundation_os.error.occurred')).toBe(1)
  })

  it('never keeps nothing, even boosted', () => {
    const { sampler } = setup({ default: { strategy: 'never' } })
    for (let i = 0; i < 1000; i++)
      expect(sampler.shouldSample('foundation_jido.coordination.x', { retry_attempt: 1 })).toBe(false)
  })
})

describe('rate_limited', () => {
  it('keeps exactly burst + perSecond per elapsed second on the manual clock', () => {
    const { sampler, clock } = setup({ default: { strategy: 'rate_limited', perSecond: 10, burst: 5 } })
    let kept = 0
    for (let ms = 0; ms < 3000; ms++) {
      for (let i = 0; i < 3; i++) if (sampler.shouldSample('q')) kept++
      clock.advance(1)
    }
    // 5 from the full bucket, then 10 per second over 2.999 s of refill.
    expect(kept).toBe(5 + 29)
  })
})

describe('adaptive', () => {
  it('comes back within 30% of its target within a few intervals after a 10x load step', () => {
    const { sampler, clock } = setup({
      default: { strategy: 'adaptive', targetPerSecond: 100, lowerBoundPerSecond: 0 },
    })
    const second = (perSecond: number) => {
      let kept = 0
      for (let i = 0; i < perSecond; i++) {
        if (sampler.shouldSample('api.request')) kept++
        clock.advance(1000 / perSecond)
      }
      return kept
    }
    for (let s = 0; s < 5; s++) second(1000)
    expect(Math.abs(second(1000) - 100) / 100).toBeLessThan(0.3)
    const afterStep: number[] = []
    for (let s = 0; s < 4; s++) afterStep.push(second(10_000))
    expect(Math.abs((afterStep[3] as number) - 100) / 100).toBeLessThan(0.3)
    expect(Math.abs((afterStep[2] as number) - 100) / 100).toBeLessThan(0.3)
  })

  it('keeps at least the lower bound of a name whose probability fell to the floor', () => {
    const { sampler, clock } = setup({
      default: {
        strategy: 'adaptive',
        targetPerSecond: 1,
        minProbability: 1e-9,
        lowerBoundPerSecond: 2,
        initialProbability: 1e-9,
      },
    })
    let kept = 0
    for (let i = 0; i < 10_000; i++) {
      if (sampler.shouldSample('rare')) kept++
      clock.advance(1)
    }
    // 10 s at 2 per second, plus the initial token.
    expect(kept).toBeGreaterThanOrEqual(20)
    expect(kept).toBeLessThanOrEqual(22)
  })
})

describe('reservoir', () => {
  it('keeps a uniform sample: positions pass a chi-square test', () => {
    const size = 10
    const n = 100
    const rounds = 4000
    const items: number[] = []
    const { sampler, clock } = setup({
      default: { strategy: 'reservoir', size, interval: 1000 },
      onReservoir: (sample) => {
        for (const item of sample) items.push(item.measurements.i as number)
      },
    })
    let immediate = 0
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < n; i++) immediate += sampler.sampleEvent('batch.item', { i }, {})
      clock.advance(1000)
    }
    expect(immediate).toBe(0)
    expect(items.length).toBe(size * rounds)
    const counts = new Array<number>(n).fill(0)
    for (const i of items) counts[i] = (counts[i] as number) + 1
    const expected = (size * rounds) / n
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0)
    // 99 degrees of freedom: the 0.999 quantile is about 148.2.
    expect(chi2).toBeLessThan(148.2)
    const stats = sampler.stats()['batch.item']
    expect(stats).toEqual({
      seen: n * rounds,
      sampled: size * rounds,
      dropped: (n - size) * rounds,
      rate: 0.1,
    })
  })

  it('weights the sample as weighted sampling without replacement does (A-Res keys as the reference)', () => {
    const rounds = 2000
    const weightOf = (i: number) => (i % 10 === 0 ? 10 : 1)
    const heavy: number[] = []
    const { sampler, clock } = setup({
      default: { strategy: 'reservoir', size: 5, weight: 'w' },
      onReservoir: (sample) => heavy.push(sample.filter((i) => i.measurements.w === 10).length),
    })
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < 50; i++) sampler.sampleEvent('x', { w: weightOf(i) }, {})
      clock.advance(1000)
    }
    // The reference: key u^(1/w) per item, keep the 5 largest (Efraimidis and Spirakis' A-Res).
    const next = seededRandom(99)
    let reference = 0
    for (let r = 0; r < rounds; r++) {
      const keys = Array.from({ length: 50 }, (_, i) => ({
        w: weightOf(i),
        key: next() ** (1 / weightOf(i)),
      }))
      keys.sort((a, b) => b.key - a.key)
      reference += keys.slice(0, 5).filter((k) => k.w === 10).length
    }
    const mean = heavy.reduce((a, b) => a + b, 0) / rounds
    expect(heavy.length).toBe(rounds)
    expect(Math.abs(mean - reference / rounds)).toBeLessThan(0.12)
    // Uniform sampling would keep 0.5 heavy items on average.
    expect(mean).toBeGreaterThan(2)
  })

  it('gives each kept event the count it stands for', () => {
    const got: number[] = []
    const { sampler, clock } = setup({
      default: { strategy: 'reservoir', size: 4 },
      onReservoir: (sample) => got.push(...sample.map((i) => i.adjustedCount)),
    })
    for (let i = 0; i < 20; i++) sampler.sampleEvent('x', {}, {})
    clock.advance(1000)
    expect(got).toEqual([5, 5, 5, 5])
  })
})

describe('adjustments', () => {
  it('doubles the rate of events carrying error_context or retry_attempt, capped at 1', () => {
    const { sampler } = setup({ default: { strategy: 'random', rate: 0.2 } })
    let plain = 0
    let boosted = 0
    for (let i = 0; i < 50_000; i++) {
      if (sampler.shouldSample('a')) plain++
      if (sampler.shouldSample('a', { retry_attempt: 2 })) boosted++
    }
    expect(plain / 50_000).toBeCloseTo(0.2, 1)
    expect(boosted / 50_000).toBeCloseTo(0.4, 1)
  })

  it('reduces the rate under load (0.5 above 0.8, 0.7 above 0.6) and boosts critical paths by 1.5', () => {
    const { sampler, clock, setLoad } = setup({ default: { strategy: 'random', rate: 0.4 } })
    expect(sampler.rateFor('a')).toBe(0.4)
    setLoad(0.9)
    clock.advance(1000)
    expect(sampler.rateFor('a')).toBeCloseTo(0.2)
    setLoad(0.7)
    clock.advance(1000)
    expect(sampler.rateFor('a')).toBeCloseTo(0.28)
    expect(sampler.rateFor('foundation_jido.coordination.auction')).toBeCloseTo(0.42)
    setLoad(0.1)
    clock.advance(1000)
    expect(sampler.rateFor('foundation_jido.coordination.auction')).toBeCloseTo(0.6)
  })

  it('accepts the seed names of the load and critical-path adjustments', () => {
    const { sampler } = setup({
      default: { strategy: 'random', rate: 0.4 },
      adjustments: { loadAdjustment: false, criticalPathBoost: { factor: 2 } },
    })
    expect(sampler.rateFor('foundation_os.request.x')).toBe(0.8)
  })

  it('can be turned off one by one', () => {
    const { sampler } = setup({
      default: { strategy: 'random', rate: 0.4 },
      adjustments: { criticalPath: false },
    })
    expect(sampler.rateFor('foundation_os.request.x')).toBe(0.4)
  })
})

describe('rules', () => {
  it('lets the longest pattern win and an exact name beat every pattern', () => {
    const { sampler } = setup({
      default: { strategy: 'never' },
      events: {
        'foundation.*': { strategy: 'random', rate: 0.5 },
        'foundation.cache.*': { strategy: 'random', rate: 0.25 },
        'foundation.cache.hit': { strategy: 'random', rate: 0.001 },
      },
      adjustments: { criticalPath: false },
    })
    expect(sampler.rateFor('foundation.registry.lookup')).toBe(0.5)
    expect(sampler.rateFor('foundation.cache.miss')).toBe(0.25)
    expect(sampler.rateFor('foundation.cache.hit')).toBe(0.001)
    expect(sampler.rateFor('dspex.x')).toBe(0)
  })

  it('changes a rule at run time, for names already seen', () => {
    const { sampler } = setup({ default: { strategy: 'always' } })
    expect(sampler.shouldSample('my_app.event')).toBe(true)
    sampler.configureEvent('my_app.*', { strategy: 'never' })
    expect(sampler.shouldSample('my_app.event')).toBe(false)
    expect(sampler.stats()['my_app.event']).toMatchObject({ seen: 2, sampled: 1, dropped: 1, rate: 0 })
  })

  it('reports bad rules by name and keeps the default for their events, never throwing', () => {
    const { sampler, errors } = setup({
      default: { strategy: 'random', rate: 0.5 },
      events: {
        'a.b': { strategy: 'sometimes' } as never,
        'c.d': { strategy: 'random', rate: 1.5 },
        'e*f': { strategy: 'always' },
      },
      adjustments: { criticalPath: false },
    })
    expect(errors.map((e) => e.message)).toEqual([
      'sampler: rule for a.b: unknown strategy "sometimes" (always, never, random, rate_limited, adaptive, reservoir); the default rule applies',
      'sampler: rule for c.d: rate must be a number in 0..1; the default rule applies',
      `sampler: pattern "e*f" matches no event name (use a name or 'prefix.*')`,
    ])
    expect(errors.every((e) => e.code === 'invalid_input')).toBe(true)
    expect(sampler.rateFor('a.b')).toBe(0.5)
    expect(sampler.rateFor('c.d')).toBe(0.5)
    expect(() => sampler.shouldSample(undefined as never)).not.toThrow()
  })

  it('counts names past its bound under their rule', () => {
    const { sampler } = setup({ default: { strategy: 'always' }, maxTrackedNames: 2 })
    for (const name of ['a', 'b', 'c', 'd']) sampler.shouldSample(name)
    expect(Object.keys(sampler.stats())).toEqual(['a', 'b', '*'])
    expect(sampler.stats()['*']?.seen).toBe(2)
  })

  it('stops its timers on close', () => {
    const { sampler, clock } = setup({ default: { strategy: 'adaptive', targetPerSecond: 5 } })
    expect(clock.pendingTimers()).toBeGreaterThan(0)
    sampler.close()
    expect(clock.pendingTimers()).toBe(0)
  })
})
