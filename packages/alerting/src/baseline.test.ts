import { describe, expect, it } from 'vitest'
import { createPerformanceMonitor } from './baseline.ts'
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
