import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { findMetricDefinition } from '@foundation-telemetry/taxonomy'
import { describe, expect, it } from 'vitest'
import type { Measurements, Metadata } from '../types.ts'
import {
  countResources,
  gcKindName,
  observeGc,
  RUNTIME_METRICS,
  RuntimeInstruments,
} from './runtimeMetrics.ts'
import type { RuntimeSample } from './runtimeSampler.ts'
import { testEngine } from './testDeps.ts'

describe('runtime metrics', () => {
  it('costs nothing until started: no instruments, no timers', () => {
    const { metrics, clock } = testEngine()
    expect(metrics.collect()).toEqual([])
    expect(clock.pendingTimers()).toBe(0)
  })

  it('samples on the clock interval: one foundation.runtime.sample event and the gauges', () => {
    const { metrics, clock, events } = testEngine()
    const stop = metrics.startRuntimeMetrics({ interval: 5_000 })
    expect(clock.pendingTimers()).toBe(1)
    clock.advance(4_999)
    expect(events.filter((e) => e.event === 'foundation.runtime.sample')).toHaveLength(0)
    clock.advance(1)
    clock.advance(5_000)
    const samples = events.filter((e) => e.event === 'foundation.runtime.sample')
    expect(samples).toHaveLength(2)
    const m = samples[1]!.measurements
    for (const key of [
      'event_loop_delay_p50',
      'event_loop_delay_p99',
      'event_loop_delay_max',
      'event_loop_utilization',
      'heap_used',
      'heap_total',
      'rss',
      'external',
      'active_handles',
      'active_requests',
      'cpu_user',
      'cpu_system',
    ]) {
      expect(typeof m[key], key).toBe('number')
    }
    expect(m.heap_used).toBeGreaterThan(0)
    expect(m.rss).toBeGreaterThanOrEqual(m.heap_used!)
    expect(m.event_loop_utilization).toBeGreaterThanOrEqual(0)
    expect(m.event_loop_utilization).toBeLessThanOrEqual(1)

    const byName = new Map(metrics.collect().map((s) => [s.name, s]))
    expect(byName.get(RUNTIME_METRICS.heapUsed)).toMatchObject({ kind: 'gauge', unit: 'By' })
    expect(byName.get(RUNTIME_METRICS.heapUsed)?.series[0]?.value).toBe(m.heap_used)
    expect(byName.get(RUNTIME_METRICS.eventLoopDelay)?.series.map((s) => s.tags.percentile)).toEqual([
      'p50',
      'p99',
      'max',
    ])
    expect(byName.get(RUNTIME_METRICS.cpuUser)).toMatchObject({ kind: 'counter', unit: 'ms' })
    expect(byName.get(RUNTIME_METRICS.gcDuration)).toMatchObject({ kind: 'histogram', unit: 'ms' })
    for (const name of Object.values(RUNTIME_METRICS)) expect(byName.has(name), name).toBe(true)

    stop()
    expect(clock.pendingTimers()).toBe(0)
    clock.advance(20_000)
    expect(events.filter((e) => e.event === 'foundation.runtime.sample')).toHaveLength(2)
    expect(() => stop()).not.toThrow()
  })

  it('has CPU time on the first scrape, before the first sample', () => {
    const { metrics } = testEngine()
    const stop = metrics.startRuntimeMetrics({ interval: 60_000 })
    const cpu = metrics.collect().find((m) => m.name === RUNTIME_METRICS.cpuUser)
    stop()
    expect(cpu?.series[0]?.value).toBeGreaterThan(0)
  })

  it('shutdown stops a running sampler; a second start replaces the first', () => {
    const { metrics, clock } = testEngine()
    metrics.startRuntimeMetrics({ interval: 1_000 })
    metrics.startRuntimeMetrics({ interval: 2_000 })
    expect(clock.pendingTimers()).toBe(1)
    metrics.shutdown()
    expect(clock.pendingTimers()).toBe(0)
  })

  it('defaults to a 10 s interval and reports a bad one', () => {
    const { metrics, clock, events, errors } = testEngine()
    const stop = metrics.startRuntimeMetrics({ interval: -1 })
    expect(errors[0]?.details).toMatchObject({ option: 'interval' })
    clock.advance(9_999)
    expect(events).toHaveLength(0)
    clock.advance(1)
    expect(events.map((e) => e.event)).toContain('foundation.runtime.sample')
    stop()
  })

  it('records GC pauses by kind and emits foundation.runtime.gc for each', async () => {
    let seen: (value: { measurements: Measurements; metadata: Metadata }) => void = () => {}
    const gcEvent = new Promise<{ measurements: Measurements; metadata: Metadata }>((resolve) => {
      seen = resolve
    })
    const { metrics } = testEngine([], {
      execute: (event, measurements, metadata) => {
        if (event === 'foundation.runtime.gc') seen({ measurements, metadata })
      },
    })
    const stop = metrics.startRuntimeMetrics()
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    gc()
    const { measurements, metadata } = await gcEvent
    stop()
    expect(measurements.duration).toBeGreaterThanOrEqual(0)
    expect(['major', 'minor', 'incremental', 'weakcb', 'other']).toContain(metadata.kind)
    const gcHistogram = metrics.collect().find((m) => m.name === RUNTIME_METRICS.gcDuration)
    expect(
      gcHistogram?.series.some((s) => s.tags.kind === metadata.kind && (s.histogram?.count ?? 0) > 0),
    ).toBe(true)
  })

  it('takes descriptions and GC bucket advice from the taxonomy', () => {
    const { metrics } = testEngine([], { findDefinition: findMetricDefinition })
    const stop = metrics.startRuntimeMetrics()
    stop()
    metrics.histogram(RUNTIME_METRICS.gcDuration).record(0.3, { kind: 'minor' })
    const byName = new Map(metrics.collect().map((s) => [s.name, s]))
    const advice = findMetricDefinition(RUNTIME_METRICS.gcDuration)?.buckets
    expect(advice).toBeDefined()
    expect(byName.get(RUNTIME_METRICS.gcDuration)?.series[0]?.histogram?.bounds).toEqual(advice)
    expect(byName.get(RUNTIME_METRICS.rss)?.description).toBe(
      findMetricDefinition(RUNTIME_METRICS.rss)?.description,
    )
  })

  it('names GC kinds and splits resources into handles and requests', () => {
    expect([4, 1, 8, 16, 99, undefined].map(gcKindName)).toEqual([
      'major',
      'minor',
      'incremental',
      'weakcb',
      'other',
      'other',
    ])
    expect(countResources(['TCPWrap', 'Timeout', 'FSReqCallback', 'GetAddrInfoReqWrap'])).toEqual({
      handles: 2,
      requests: 2,
    })
  })
})

describe('RuntimeInstruments', () => {
  const sample: RuntimeSample = {
    event_loop_delay_p50: 1,
    event_loop_delay_p99: 2,
    event_loop_delay_max: 3,
    event_loop_utilization: 0.25,
    heap_used: 100,
    heap_total: 200,
    rss: 400,
    external: 7,
    active_handles: 4,
    active_requests: 5,
    cpu_user: 10,
    cpu_system: 6,
  }

  it('sets each gauge from its sample field and adds CPU time to the counters', () => {
    const { metrics } = testEngine()
    const instruments = new RuntimeInstruments(metrics)
    instruments.addCpu({ user: 1, system: 1 })
    instruments.write(sample)
    instruments.write({ ...sample, heap_used: 150 })
    const value = (name: string) => metrics.collect().find((m) => m.name === name)?.series[0]?.value
    expect(value(RUNTIME_METRICS.heapUsed)).toBe(150)
    expect(value(RUNTIME_METRICS.rss)).toBe(400)
    expect(value(RUNTIME_METRICS.external)).toBe(7)
    expect(value(RUNTIME_METRICS.eventLoopUtilization)).toBe(0.25)
    expect(value(RUNTIME_METRICS.handles)).toBe(4)
    expect(value(RUNTIME_METRICS.requests)).toBe(5)
    expect(value(RUNTIME_METRICS.cpuUser)).toBe(21)
    expect(value(RUNTIME_METRICS.cpuSystem)).toBe(13)
    const delay = metrics.collect().find((m) => m.name === RUNTIME_METRICS.eventLoopDelay)
    expect(delay?.series.map((s) => [s.tags.percentile, s.value])).toEqual([
      ['p50', 1],
      ['p99', 2],
      ['max', 3],
    ])
  })
})

describe('observeGc', () => {
  it('reports a failure while recording a GC pause instead of throwing', async () => {
    let reported: (error: unknown) => void = () => {}
    const failure = new Promise<unknown>((resolve) => {
      reported = resolve
    })
    const observer = observeGc(
      { execute: () => {}, onError: (error) => reported(error) },
      {
        record: () => {
          throw new Error('record failed')
        },
      },
    )
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    gc()
    const error = await failure
    observer.disconnect()
    expect(error).toEqual(new Error('record failed'))
  })
})
