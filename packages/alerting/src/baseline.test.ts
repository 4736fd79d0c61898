import { describe, expect, it } from 'vitest'
import { baselineStats, createPerformanceMonitor, findDegradations } from './baseline.ts'
import { manualTelemetry } from './testHelpers.ts'

describe('createPerformanceMonitor', () => {
  it('takes mean and p95 baselines and reports metrics over 2x the mean or 1.5x the p95', () => {
    const { t, clock } = manualTelemetry()
    const events: unknown[] = []
    t.attach('degradation', 'foundation_os.performance.degradation', (_e, measurements, metadata) =>
      events.push({ measurements, metadata }),
    )
    const lookup = t.metrics.histogram('foundation.process_registry.lookup_latency')
    const dispatch = t.metrics.histogram('foundation_jido.signal.dispatch_duration')
    const monitor = createPerformanceMonitor({ telemetry: t, period: '10m', current: '1m' })
    monitor.start()
    for (let i = 0; i < 100; i++) {
      lookup.record(i < 95 ? 1 : 2) // mean 1.05, p95 about 1 to 2
      dispatch.record(10)
    }
    const baseline = monitor.collectBaseline()
    expect(baseline['foundation.process_registry.lookup_latency']!.mean).toBeCloseTo(1.05, 5)
    expect(baseline['foundation_jido.signal.dispatch_duration']).toMatchObject({ mean: 10, count: 100 })
    expect(baseline['dspex.program.execution_duration']).toBeUndefined()
    clock.advance(120_000) // the current window is past the baseline's points
    lookup.record(1.1)
    dispatch.record(25) // 2.5x the mean
    const degradations = monitor.detectDegradation()
    expect(degradations.map((d) => [d.metric, d.current, d.degradation_factor])).toEqual([
      ['foundation_jido.signal.dispatch_duration', 25, 2.5],
    ])
    expect(events).toEqual([{ measurements: { degraded_metrics_count: 1 }, metadata: { degradations } }])
  })

  it('compares given values and stays quiet when nothing degraded', () => {
    const { t } = manualTelemetry()
    const monitor = createPerformanceMonitor({ telemetry: t, metrics: ['a.b'] })
    monitor.setBaseline({ 'a.b': { mean: 10, p95: 12, count: 50 } })
    expect(monitor.detectDegradation({ 'a.b': 17 })).toEqual([])
    expect(monitor.detectDegradation({ 'a.b': 18.5 }).map((d) => d.metric)).toEqual(['a.b']) // over 1.5 x p95
    expect(monitor.detectDegradation({ 'unknown.metric': 1000 })).toEqual([])
  })
})

describe('baselineStats', () => {
  it('gives mean, p95 and count over the period and leaves out metrics without data', () => {
    const { t, clock } = manualTelemetry()
    const h = t.metrics.histogram('a.b')
    t.metrics.windowStats('a.b', 60_000)
    h.record(100)
    clock.advance(120_000) // past the period: not in the baseline
    for (let i = 1; i <= 4; i++) h.record(i)
    const stats = baselineStats(t.metrics, ['a.b', 'c.d'], 60_000)
    expect(Object.keys(stats)).toEqual(['a.b'])
    expect(stats['a.b']).toMatchObject({ mean: 2.5, count: 4 })
  })
})

describe('findDegradations', () => {
  const baseline = { 'a.b': { mean: 10, p95: 20, count: 5 }, 'z.z': { mean: 0, p95: 0, count: 1 } }
  const factors = { meanFactor: 2, p95Factor: 1.5 }

  it('lists a metric above the mean factor or the p95 factor, with its factor over the mean', () => {
    expect(findDegradations({ 'a.b': 21 }, { 'a.b': { mean: 10, p95: 100, count: 5 } }, factors)).toEqual([
      { metric: 'a.b', current: 21, baseline_mean: 10, baseline_p95: 100, degradation_factor: 2.1 },
    ])
    expect(findDegradations({ 'a.b': 19 }, { 'a.b': { mean: 10, p95: 12, count: 5 } }, factors)).toHaveLength(
      1,
    )
  })

  it('leaves out metrics at or under both factors, without a baseline, or not finite', () => {
    expect(findDegradations({ 'a.b': 20, 'x.y': 1e9, 'z.z': Number.NaN }, baseline, factors)).toEqual([])
  })

  it('gives an infinite factor against a zero mean', () => {
    expect(findDegradations({ 'z.z': 1 }, baseline, factors)[0]?.degradation_factor).toBe(
      Number.POSITIVE_INFINITY,
    )
  })
})
