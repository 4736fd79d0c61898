import { createManualClock, createTelemetry } from '@foundation-telemetry/core'
import { metricDefinitions } from '@foundation-telemetry/taxonomy'
import { describe, expect, it } from 'vitest'
import { trappingObject } from '../../../tooling/testing/hostile.ts'
import { harness } from '../test/support.ts'
import { attachFoundationCollector } from './collector.ts'
import type { ProcessReader } from './processUsage.ts'

const register = 'foundation.process_registry.register'

describe('attachFoundationCollector', () => {
  it('records process registrations from .stop and .complete, counting failed ones as failures', () => {
    const h = harness()
    h.t.execute(
      `${register}.stop`,
      { duration: 2, monotonic_time: 0 },
      { key: 'a', namespace: 'ns', process_type: 'worker' },
    )
    h.t.execute(
      `${register}.complete`,
      { duration: 3 },
      { key: 'b', namespace: 'ns', process_type: 'worker' },
    )
    h.t.execute(
      `${register}.stop`,
      { duration: 1, monotonic_time: 0 },
      { key: 'c', namespace: 'ns', success: false },
    )
    h.t.execute(`${register}.complete`, {}, { key: 'd', namespace: 'ns', error: 'taken' })
    h.t.execute(
      `${register}.exception`,
      { duration: 1, monotonic_time: 0 },
      { key: 'e', namespace: 'ns', kind: 'Error', reason: 'crashed' },
    )
    h.t.execute(
      'foundation.process_registry.unregister.stop',
      { duration: 1, monotonic_time: 0 },
      { key: 'a', namespace: 'ns' },
    )
    expect(h.value('foundation.process_registry.registrations', { success: 'true' })).toBe(2)
    expect(h.value('foundation.process_registry.registrations', { success: 'false' })).toBe(3)
    expect(h.count('foundation.process_registry.registration_duration', { namespace: 'ns' })).toBe(3)
    expect(h.value('foundation.process_registry.processes', { namespace: 'ns' })).toBe(1)
    expect(h.errors).toEqual([])
  })

  it('records every family of the layer under the taxonomy names and tag keys', () => {
    const h = harness()
    const t = h.t
    t.execute(
      'foundation.process_registry.lookup.stop',
      { duration: 0.2, monotonic_time: 0 },
      { key: 'k', namespace: 'ns', found: true },
    )
    t.execute('foundation.circuit_breaker.call.stop', { duration: 5, monotonic_time: 0 }, { name: 'db' })
    t.execute(
      'foundation.circuit_breaker.call.exception',
      { duration: 7, monotonic_time: 0 },
      { name: 'db', kind: 'Error', reason: 'x' },
    )
    t.execute('foundation.circuit_breaker.call.rejected', {}, { name: 'db' })
    t.execute(
      'foundation.circuit_breaker.state_change',
      {},
      { name: 'db', from: 'closed', to: 'open', reason: 'threshold' },
    )
    t.execute('foundation.rate_limiter.allowed', {}, { limiter: 'api' })
    t.execute('foundation.rate_limiter.throttled', {}, { limiter: 'api' })
    t.execute(
      'foundation.retry.attempt.stop',
      { duration: 1, monotonic_time: 0 },
      { operation: 'op', attempt: 2 },
    )
    t.execute('foundation.retry.exhausted', {}, { operation: 'op', total_attempts: 3 })
    t.execute('foundation.connection_pool.created', { size: 10 }, { pool_id: 'pg' })
    t.execute('foundation.connection_pool.checkout', { duration: 3, active: 4, idle: 6 }, { pool_id: 'pg' })
    t.execute('foundation.connection_pool.failed', {}, { pool_id: 'pg', error: 'refused' })
    t.execute('foundation.service.health_check', {}, { service: 'cache', status: 'degraded' })
    t.execute('foundation.service.restarted', {}, { service: 'cache', restart_count: 1 })
    t.execute('foundation.process.restarted', { restart_count: 2 }, { process: 'worker' })
    t.execute('foundation.resource_manager.acquired', { active_tokens: 3 }, { resource_type: 'gpu' })
    t.execute('foundation.resource.acquired', { in_use: 1 }, { resource_type: 'socket' })
    t.execute('foundation.resource.released', { held: 12, in_use: 0 }, { resource_type: 'socket' })
    t.execute('foundation.resource.exhausted', {}, { resource_type: 'socket' })
    t.execute('foundation.cache.hit', { duration: 0.4 }, { cache: 'prompts' })
    t.execute('foundation.cache.miss', { duration: 2 }, { cache: 'prompts', reason: 'expired' })
    t.execute('foundation.cache.cleanup', { duration: 1, expired: 5 }, { cache: 'prompts' })
    t.execute(
      'foundation.async.exception',
      { duration: 9, monotonic_time: 0 },
      { operation: 'sync', kind: 'E', reason: 'r' },
    )

    // Counters and gauges read as the sum of their matching series, histograms as the count.
    const expected = {
      'foundation.process_registry.lookups{namespace=ns,found=true}': 1,
      'foundation.circuit_breaker.calls{name=db,outcome=success}': 1,
      'foundation.circuit_breaker.calls{name=db,outcome=failure}': 1,
      'foundation.circuit_breaker.calls{name=db,outcome=rejected}': 1,
      'foundation.circuit_breaker.latency{name=db}': 2,
      'foundation.circuit_breaker.opened{name=db,reason=threshold}': 1,
      'foundation.circuit_breaker.closed': 0,
      'foundation.circuit_breaker.state{name=db}': 1,
      'foundation.rate_limiter.allowed{limiter=api}': 1,
      'foundation.rate_limiter.throttled{limiter=api}': 1,
      'foundation.retry.attempts{operation=op,outcome=success}': 1,
      'foundation.retry.exhausted{operation=op}': 1,
      'foundation.connection_pool.created{pool_id=pg}': 1,
      'foundation.connection_pool.size{pool_id=pg}': 10,
      'foundation.connection_pool.wait_duration{pool_id=pg}': 1,
      'foundation.connections.active{pool_id=pg}': 4,
      'foundation.connection_pool.failures{pool_id=pg}': 1,
      'foundation.service.health{service=cache}': 0.5,
      'foundation.service.restarts{service=cache}': 1,
      'foundation.process.restarts{process=worker}': 1,
      'foundation.resource_manager.active_tokens': 3,
      'foundation.resource.acquired{resource_type=socket}': 1,
      'foundation.resource.released{resource_type=socket}': 1,
      'foundation.resource.exhausted{resource_type=socket}': 1,
      'foundation.resource.in_use{resource_type=socket}': 0,
      'foundation.resource.hold_duration{resource_type=socket}': 1,
      'foundation.cache.latency{cache=prompts}': 2,
      'foundation.cache.evictions{cache=prompts,reason=expired}': 5,
      'foundation.async.duration{operation=sync,outcome=failure}': 1,
      'foundation.operations{kind=circuit_breaker}': 3,
      'foundation.operations.failed{kind=circuit_breaker}': 2,
      'foundation.operations{kind=connection_pool}': 2,
    }
    expect(h.read(expected)).toEqual(expected)
    expect(h.errors).toEqual([])
  })

  it('uses exactly the taxonomy tag keys on every series it records', () => {
    const h = harness()
    h.t.execute(
      'foundation.circuit_breaker.call.stop',
      { duration: 5, monotonic_time: 0 },
      { name: 'db', extra: 'x' },
    )
    h.t.execute('foundation.cache.miss', { duration: 2 }, { cache: 'c', reason: 'expired', key: 'user:1' })
    for (const metric of h.t.metrics.collect()) {
      const definition = metricDefinitions.find((d) => d.name === metric.name)
      if (definition === undefined) continue
      for (const series of metric.series)
        for (const key of Object.keys(series.tags)) expect(definition.tagKeys, metric.name).toContain(key)
    }
  })

  it('keeps the KPIs current on the telemetry clock: recent windows, breaker health, error rate', () => {
    const clock = createManualClock()
    const h = harness({ window: 10_000 }, clock)
    const kpis = () => h.collector.kpis()
    expect(kpis().circuitBreakerHealth).toBeNaN()
    for (let i = 0; i < 20; i++)
      h.t.execute(`${register}.stop`, { duration: 1, monotonic_time: 0 }, { key: `p${i}`, namespace: 'ns' })
    for (const d of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
      h.t.execute('foundation.process_registry.lookup.stop', { duration: d, monotonic_time: 0 }, { key: 'k' })
    h.t.execute('foundation.circuit_breaker.call.stop', { duration: 1, monotonic_time: 0 }, { name: 'a' })
    h.t.execute('foundation.circuit_breaker.call.stop', { duration: 1, monotonic_time: 0 }, { name: 'b' })
    h.t.execute('foundation.circuit_breaker.state_change', {}, { name: 'b', from: 'closed', to: 'open' })
    h.t.execute(
      'foundation.retry.attempt.exception',
      { duration: 1, monotonic_time: 0 },
      { operation: 'o', attempt: 1, kind: 'E', reason: 'r' },
    )
    clock.advance(2_000)
    const now = kpis()
    // The window has covered 2 s of its 10 so far: core divides by the time covered.
    expect(now.registrationRate).toBeCloseTo(20 / 2, 5)
    expect(now.lookupLatency.mean).toBeCloseTo(5.5, 5)
    expect(now.lookupLatency.p95).toBeGreaterThanOrEqual(9 * 0.99)
    expect(now.lookupLatency.p95).toBeLessThanOrEqual(10 * 1.01)
    // a (closed, never changed) and b (open): half healthy.
    expect(now.circuitBreakerHealth).toBe(0.5)
    // 2 breaker calls succeeded, 1 retry attempt failed.
    expect(now.errorRate).toBeCloseTo(1 / 3, 5)
    const gauges = new Map(h.t.metrics.collect().map((m) => [m.name, m.series[0]?.value]))
    expect(gauges.get('foundation.circuit_breaker.health')).toBe(0.5)
    expect(gauges.get('foundation.error_rate')).toBeCloseTo(1 / 3, 5)
    expect(gauges.get('foundation.process_registry.lookup_latency_mean')).toBeCloseTo(5.5, 5)
    // Past the window, the recent KPIs fall back without any new event.
    clock.advance(20_000)
    expect(kpis().registrationRate).toBe(0)
    expect(kpis().errorRate).toBe(0)
    expect(kpis().lookupLatency.mean).toBeNaN()
    expect(kpis().circuitBreakerHealth).toBe(0.5)
  })

  it('reads memory and CPU usage from the process reader at collection', () => {
    const clock = createManualClock()
    let cpu = 0
    let limit: number | undefined
    const reader: ProcessReader = {
      cpuUsage: () => ({ user: cpu, system: 0 }),
      memory: () => ({ heapUsed: 50, heapLimit: 200, rss: 300, limit }),
      cores: () => 2,
    }
    const h = harness({ processReader: reader }, clock)
    expect(h.collector.kpis().memoryUsage).toBe(0.25)
    limit = 1000
    expect(h.collector.kpis().memoryUsage).toBe(0.3)
    cpu = 1_000_000 // 1 s of CPU
    clock.advance(1_000) // over 1 s of wall time on 2 cores
    expect(h.collector.kpis().cpuUsage).toBe(0.5)
    const gauges = new Map(h.t.metrics.collect().map((m) => [m.name, m.series[0]?.value]))
    expect(gauges.get('foundation.memory.usage')).toBe(0.3)
    expect(gauges.get('foundation.cpu.usage')).toBe(0.5)
  })

  it('sums active connections over pools', () => {
    const h = harness()
    h.t.execute('foundation.connection_pool.health', { active: 3, idle: 1 }, { pool_id: 'a' })
    h.t.execute('foundation.connection_pool.health', { active: 2, idle: 1 }, { pool_id: 'b' })
    h.t.execute('foundation.connection_pool.checkin', { active: 1 }, { pool_id: 'a' })
    expect(h.collector.kpis().activeConnections).toBe(3)
  })

  it('reports bad metadata once per event and key, and keeps recording everything else', () => {
    const h = harness()
    for (let i = 0; i < 3; i++) {
      // Untyped emitters (plain JavaScript, a string event name) get past the compiler.
      h.t.execute('foundation.circuit_breaker.call.stop' as string, { duration: 1, monotonic_time: 0 }, {})
      h.t.execute('foundation.rate_limiter.allowed' as string, {}, { limiter: 42 })
    }
    h.t.execute('foundation.rate_limiter.allowed', {}, { limiter: 'api' })
    // Wrongly typed optional keys of a breaker call, which its handler checks by name.
    h.t.execute('foundation.circuit_breaker.call.stop', { duration: 1, monotonic_time: 0 }, {
      name: 'db',
      state: 'melted',
      success: 'yes',
    } as never)
    expect(h.errors.map((e) => [e.code, e.details.event_name, e.details.key])).toEqual([
      ['invalid_input', 'foundation.circuit_breaker.call.stop', 'name'],
      ['invalid_input', 'foundation.rate_limiter.allowed', 'limiter'],
      ['invalid_input', 'foundation.circuit_breaker.call.stop', 'state'],
      ['invalid_input', 'foundation.circuit_breaker.call.stop', 'success'],
    ])
    expect(h.value('foundation.rate_limiter.allowed', { limiter: 'api' })).toBe(1)
    expect(h.value('foundation.circuit_breaker.calls')).toBe(4)
  })

  it('records a breaker call with one collector handler per event name, and nothing else', () => {
    const t = createTelemetry({ service: 'handlers-test' })
    const collector = attachFoundationCollector(t)
    // The call counter, latency and error-rate counters, breaker tracking and the input check.
    expect(t.listHandlers('foundation.circuit_breaker.call.stop')).toHaveLength(1)
    // Events the taxonomy metrics record: theirs and the collector's.
    expect(t.listHandlers('foundation.cache.hit')).toHaveLength(2)
    collector.detach()
  })

  it('takes metadata as given: a breaker call is not enriched for the collector', () => {
    const t = createTelemetry({ service: 'enrich-test' })
    const collector = attachFoundationCollector(t)
    let reads = 0
    // Enrichment copies every key of the caller's metadata; the collector reads only its own.
    const metadata = {
      name: 'db',
      get probe() {
        reads++
        return 1
      },
    }
    t.execute('foundation.circuit_breaker.call.stop', { duration: 1, monotonic_time: 0 }, metadata)
    expect(reads).toBe(0)
    expect(collector.kpis().circuitBreakerHealth).toBe(1)
    collector.detach()
  })

  it('reports metadata whose reads throw once per event name, never into the caller', () => {
    const h = harness()
    for (let i = 0; i < 3; i++)
      expect(() =>
        h.t.execute(
          'foundation.circuit_breaker.call.stop',
          { duration: 1, monotonic_time: 0 },
          trappingObject as never,
        ),
      ).not.toThrow()
    h.t.execute('foundation.circuit_breaker.call.stop', { duration: 1, monotonic_time: 0 }, { name: 'db' })
    const unreadable = h.errors.filter((e) => e.message.includes('could not be read'))
    expect(unreadable).toHaveLength(1)
    expect(h.value('foundation.circuit_breaker.calls', { name: 'db' })).toBe(1)
  })

  it('leaves an overridden call, latency or operations metric to the taxonomy path, overrides applied', () => {
    const h = harness({
      overrides: {
        'foundation.circuit_breaker.latency': { buckets: [1, 2, 3] },
        'foundation.circuit_breaker.calls': false,
        'foundation.operations': { tagKeys: [] },
      },
    })
    h.t.execute('foundation.circuit_breaker.call.stop', { duration: 2.5, monotonic_time: 0 }, { name: 'db' })
    const latency = h.t.metrics.collect().find((m) => m.name === 'foundation.circuit_breaker.latency')
    expect(latency?.series[0]?.histogram?.bounds).toEqual([1, 2, 3])
    expect(h.has('foundation.circuit_breaker.calls')).toBe(false)
    expect(h.value('foundation.operations')).toBe(1)
    // The override's empty tag keys apply: no kind tag.
    expect(h.has('foundation.operations', { kind: 'circuit_breaker' })).toBe(false)
    expect(h.value('foundation.operations.failed')).toBe(0)
    expect(h.collector.kpis().errorRate).toBe(0)
    expect(h.collector.kpis().circuitBreakerHealth).toBe(1)
  })

  it('fails an operation by a given outcome: failure alike on its own path and on an overridden counter', () => {
    const stop = 'foundation.circuit_breaker.call.stop'
    const emit = (h: ReturnType<typeof harness>) => {
      h.t.execute(stop, { duration: 1, monotonic_time: 0 }, { name: 'db' })
      h.t.execute(stop, { duration: 1, monotonic_time: 0 }, { name: 'db', outcome: 'failure' })
      h.t.execute(stop, { duration: 1, monotonic_time: 0 }, { name: 'db', outcome: 'cancelled' })
    }
    const own = harness()
    emit(own)
    expect(own.value('foundation.operations.failed', { kind: 'circuit_breaker' })).toBe(1)
    expect(own.collector.kpis().errorRate).toBeCloseTo(1 / 3, 5)
    const overridden = harness({ overrides: { 'foundation.operations.failed': { tagKeys: [] } } })
    emit(overridden)
    expect(overridden.has('foundation.operations.failed', { kind: 'circuit_breaker' })).toBe(false)
    expect(overridden.value('foundation.operations.failed')).toBe(1)
  })

  it('records calls of breakers past the tracking limit, of unnamed breakers and with custom outcomes', () => {
    const h = harness({ maxBreakers: 1 })
    const stop = 'foundation.circuit_breaker.call.stop'
    h.t.execute(stop, { duration: 1, monotonic_time: 0 }, { name: 'a' })
    h.t.execute(stop, { duration: 1, monotonic_time: 0 }, { name: 'b', success: false })
    h.t.execute(stop, { duration: 1, monotonic_time: 0 }, { name: 'a', outcome: 'fallback' })
    h.t.execute(stop as string, { duration: 1, monotonic_time: 0 }, { name: 7 })
    expect(h.value('foundation.circuit_breaker.calls', { name: 'a', outcome: 'success' })).toBe(1)
    expect(h.value('foundation.circuit_breaker.calls', { name: 'a', outcome: 'fallback' })).toBe(1)
    expect(h.value('foundation.circuit_breaker.calls', { name: 'b', outcome: 'failure' })).toBe(1)
    expect(h.value('foundation.circuit_breaker.calls')).toBe(4)
    expect(h.count('foundation.circuit_breaker.latency', { name: 'b' })).toBe(1)
    expect(h.count('foundation.circuit_breaker.latency')).toBe(4)
    expect(h.value('foundation.operations.failed', { kind: 'circuit_breaker' })).toBe(1)
    expect(h.collector.kpis().circuitBreakerHealth).toBe(1)
    expect(h.errors.map((e) => e.code)).toEqual(['data_dropped', 'invalid_input'])
  })

  it('detaches every handler and stops its gauges; attaching again works', () => {
    const t = createTelemetry({ service: 'detach-test' })
    const collector = attachFoundationCollector(t)
    const handlers = t.listHandlers('foundation.').length
    expect(handlers).toBeGreaterThan(0)
    collector.detach()
    collector.detach()
    expect(t.listHandlers('foundation.')).toEqual([])
    t.execute('foundation.circuit_breaker.state_change', {}, { name: 'x', from: 'closed', to: 'open' })
    const names = t.metrics
      .collect()
      .filter((m) => m.series.length > 0)
      .map((m) => m.name)
    expect(names).not.toContain('foundation.circuit_breaker.health')
    const again = attachFoundationCollector(t)
    t.execute('foundation.circuit_breaker.state_change', {}, { name: 'x', from: 'closed', to: 'open' })
    expect(again.kpis().circuitBreakerHealth).toBe(0)
    again.detach()
  })

  it('never throws on a bad telemetry or bad options', () => {
    expect(() => attachFoundationCollector(undefined as never).detach()).not.toThrow()
    const errors: unknown[] = []
    const t = createTelemetry({ onError: (e) => errors.push(e) })
    const c = attachFoundationCollector(t, { window: -1 })
    expect(errors).toHaveLength(1)
    expect(Number.isNaN(c.kpis().circuitBreakerHealth)).toBe(true)
  })
})
