import { attachTaxonomyMetrics, createTelemetry, type Metadata } from '@foundation-telemetry/core'
import { waitForMetric } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { drive, fakeClockLoadTest } from '../test/drive.ts'
import { runLoadTest } from './runLoadTest.ts'
import {
  ACTIVE_WORKERS_METRIC,
  DURATION_METRIC,
  REQUESTS_METRIC,
  ScenarioMetrics,
  WorkerIds,
} from './telemetryFeed.ts'

describe('telemetry of a running test', () => {
  it('emits a scenario span per iteration and the run span, with the taxonomy metadata', async () => {
    const { telemetry: t, run } = fakeClockLoadTest('feed')
    const seen: Array<{ event: string; measurements: Record<string, number>; metadata: Metadata }> = []
    t.attach(
      'spy',
      [
        'foundation.load_test.scenario.start',
        'foundation.load_test.scenario.stop',
        'foundation.load_test.run.start',
        'foundation.load_test.run.stop',
      ],
      (event, measurements, metadata) => {
        seen.push({ event, measurements: measurements as Record<string, number>, metadata })
      },
    )
    const report = await run({
      name: 'checkout',
      scenarios: [
        {
          name: 'pay',
          run: async (ctx) => {
            await ctx.pause(10)
            if (ctx.iteration % 4 === 3) throw new RangeError('declined')
          },
        },
      ],
      executor: { type: 'constant-vus', vus: 2, duration: '1s' },
      warmup: '100ms',
    })
    const stops = seen.filter((e) => e.event === 'foundation.load_test.scenario.stop')
    const starts = seen.filter((e) => e.event === 'foundation.load_test.scenario.start')
    // Warm-up iterations are real load: they are events, but not in the report.
    expect(stops).toHaveLength(220)
    expect(starts).toHaveLength(220)
    expect(report.total.count).toBe(200)
    expect(stops[0]!.metadata).toMatchObject({
      scenario: 'pay',
      run_id: report.run_id,
      worker_id: 'vu-1',
      success: true,
    })
    expect(stops[0]!.measurements.duration).toBe(10)
    expect(
      stops.filter((e) => e.metadata.success === false).every((e) => e.metadata.error === 'RangeError'),
    ).toBe(true)
    const runStop = seen.find((e) => e.event === 'foundation.load_test.run.stop')!
    expect(runStop.metadata).toMatchObject({ test_name: 'checkout', run_id: report.run_id })
    expect(runStop.measurements).toMatchObject({
      requests: 200,
      successes: 150,
      failures: 50,
      throughput: 200,
    })
  })

  it('feeds the taxonomy metrics so waitForMetric sees the test while it runs', async () => {
    const { clock, telemetry: t } = fakeClockLoadTest('feed')
    const running = runLoadTest({
      telemetry: t,
      scenarios: [{ name: 'browse', run: (ctx) => ctx.pause(5) }],
      executor: { type: 'constant-vus', vus: 4, duration: '10s' },
    })
    const seen = waitForMetric(
      t,
      'foundation.load_test.requests',
      { scenario: 'browse', success: true },
      (n) => n >= 1000,
      {
        timeout: 60_000,
      },
    )
    const value = await drive(clock, seen)
    expect(value).toBeGreaterThanOrEqual(1000)
    await drive(clock, running)
    const snapshot = t.metrics.collect().find((m) => m.name === 'foundation.load_test.request_duration')!
    expect(snapshot.series[0]!.tags).toEqual({ scenario: 'browse' })
    const requests = t.metrics.collect().find((m) => m.name === 'foundation.load_test.requests')!
    expect(requests.unit).toBe('{request}')
  })

  it('records no metrics when told a collector already does', async () => {
    const { telemetry: t, run } = fakeClockLoadTest('feed')
    await run({
      recordMetrics: false,
      scenarios: [{ name: 'x', run: (ctx) => ctx.pause(5) }],
      executor: { type: 'constant-vus', vus: 1, duration: '1s' },
    })
    expect(t.metrics.collect().filter((m) => m.name.startsWith('foundation.load_test.'))).toEqual([])
  })

  it('counts each request once when the taxonomy metrics are attached too (the load test records them)', async () => {
    const { telemetry: t, run } = fakeClockLoadTest('feed')
    attachTaxonomyMetrics(t, { layers: ['foundation'] })
    const report = await run({
      scenarios: [{ name: 'once', run: (ctx) => ctx.pause(5) }],
      executor: { type: 'constant-vus', vus: 1, duration: '1s' },
    })
    const find = (name: string) => t.metrics.collect().find((m) => m.name === name)!
    expect(report.total.count).toBe(200)
    expect(find('foundation.load_test.requests').series[0]!.value).toBe(200)
    expect(find('foundation.load_test.request_duration').series[0]!.histogram!.count).toBe(200)
  })
})

describe('ScenarioMetrics', () => {
  it('counts each finished iteration under its scenario and outcome and records its duration, negative as 0', () => {
    const t = createTelemetry({ service: 'scenario-metrics' })
    const metrics = new ScenarioMetrics(t, ['read', 'write'])
    metrics.measure(0, 12, true)
    metrics.measure(1, -3, false)
    metrics.measure(1, 4, true)
    metrics.activeVUs(7)
    const find = (name: string) => t.metrics.collect().find((m) => m.name === name)!
    const counts = find(REQUESTS_METRIC).series.map((s) => [s.tags, s.value])
    expect(counts).toEqual(
      expect.arrayContaining([
        [{ scenario: 'read', success: 'true' }, 1],
        [{ scenario: 'read', success: 'false' }, 0],
        [{ scenario: 'write', success: 'false' }, 1],
        [{ scenario: 'write', success: 'true' }, 1],
      ]),
    )
    const write = find(DURATION_METRIC).series.find((s) => s.tags.scenario === 'write')!.histogram!
    expect(write.count).toBe(2)
    expect(write.sum).toBe(4)
    expect(find(ACTIVE_WORKERS_METRIC).series[0]!.value).toBe(7)
  })
})

describe('WorkerIds', () => {
  it('names VU n "vu-n" and keeps the names of the first 10 000 VUs only', () => {
    const ids = new WorkerIds()
    expect(ids.of(3)).toBe('vu-3')
    expect(ids.of(3)).toBe('vu-3')
    expect(ids.size).toBe(1)
    for (let vu = 1; vu <= 20_000; vu++) ids.of(vu)
    expect(ids.size).toBe(10_000)
    expect(ids.of(15_000)).toBe('vu-15000')
  })
})
