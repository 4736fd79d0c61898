import { createManualClock, createTelemetry, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { createActiveConnections } from './activeConnections.ts'
import { createBreakerHealth } from './breakerHealth.ts'
import { eventRoles, planFor } from './eventPlan.ts'
import { createEventRecorder } from './eventRecorder.ts'
import { compileInputChecks } from './inputCheck.ts'
import { RecentOperations } from './recentOperations.ts'
import { createOnceReporter } from './reportOnce.ts'

function setup(maxBreakers = 10) {
  const clock = createManualClock()
  const errors: TelemetryError[] = []
  const t = createTelemetry({ clock, env: {}, onError: (e) => errors.push(e) })
  const reporter = createOnceReporter(t)
  const breakers = createBreakerHealth(reporter, maxBreakers)
  const pools = createActiveConnections()
  const recent = new RecentOperations(clock, 60_000)
  const metrics = {
    calls: t.metrics.counter('calls', { tagKeys: ['name', 'outcome'] }),
    latency: t.metrics.histogram('latency', { tagKeys: ['name'] }),
    operations: t.metrics.counter('operations', { tagKeys: ['kind'] }),
    failed: t.metrics.counter('failed', { tagKeys: ['kind'] }),
  }
  const handler = createEventRecorder({ reporter, breakers, pools, recent, metrics })
  const checks = compileInputChecks()
  const roles = eventRoles()
  const emit = (event: string, m: Record<string, number>, md: Record<string, unknown>) =>
    handler(event, m, md as never, planFor(event, roles, checks.get(event) ?? [], metrics))
  const series = (name: string) =>
    (t.metrics.collect().find((m) => m.name === name)?.series ?? []).map((s) => ({
      tags: s.tags,
      value: s.value,
      count: s.histogram?.count,
    }))
  return { t, errors, breakers, pools, recent, emit, series }
}

const STOP = 'foundation.circuit_breaker.call.stop'

describe('createEventRecorder', () => {
  it('records a breaker call by outcome and its latency on that breaker, and counts it as an operation', () => {
    // The call counter takes any given `outcome`; the error rate only a given 'failure' on top
    // of the one the event implies ('cancelled' is no failure).
    const { emit, series, recent, breakers } = setup()
    emit(STOP, { duration: 5 }, { name: 'db' })
    emit(STOP, { duration: 7 }, { name: 'db', success: false })
    emit(STOP, { duration: 1 }, { name: 'db', outcome: 'cancelled' })
    emit(STOP, { duration: 2 }, { name: 'db', outcome: 'failure' })
    expect(series('calls')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tags: { name: 'db', outcome: 'success' }, value: 1 }),
        expect.objectContaining({ tags: { name: 'db', outcome: 'failure' }, value: 2 }),
        expect.objectContaining({ tags: { name: 'db', outcome: 'cancelled' }, value: 1 }),
      ]),
    )
    expect(series('latency')).toEqual([expect.objectContaining({ tags: { name: 'db' }, count: 4 })])
    expect(series('operations')).toEqual([
      expect.objectContaining({ tags: { kind: 'circuit_breaker' }, value: 4 }),
    ])
    expect(series('failed')).toEqual([
      expect.objectContaining({ tags: { kind: 'circuit_breaker' }, value: 2 }),
    ])
    expect(recent.errorRate()).toBeCloseTo(2 / 4)
    expect(breakers.states().get('db')).toBe('closed')
  })

  it('records calls of breakers past the tracking limit on the same series, unbound', () => {
    const { emit, series, breakers } = setup(1)
    emit(STOP, { duration: 2 }, { name: 'a' })
    emit(STOP, { duration: 3 }, { name: 'b' })
    expect([...breakers.states().keys()]).toEqual(['a'])
    expect(series('calls').map((s) => s.tags.name)).toEqual(['a', 'b'])
    expect(series('latency').map((s) => s.count)).toEqual([1, 1])
  })

  it('tracks breaker state from state changes and health checks, and ignores unnamed breakers', () => {
    const { emit, breakers } = setup()
    emit('foundation.circuit_breaker.state_change', {}, { name: 'db', from: 'closed', to: 'open' })
    emit('foundation.circuit_breaker.health_check', {}, { name: 'cache', state: 'half_open' })
    emit('foundation.circuit_breaker.state_change', {}, { name: '', from: 'closed', to: 'open' })
    expect(Object.fromEntries(breakers.states())).toEqual({ db: 'open', cache: 'half_open' })
    expect(breakers.health()).toBe(0)
  })

  it('sums the active connections pools report', () => {
    const { emit, pools } = setup()
    emit('foundation.connection_pool.health', { active: 3, idle: 1 }, { pool_id: 'a' })
    emit('foundation.connection_pool.checkout', { duration: 1, active: 2 }, { pool_id: 'b' })
    expect(pools.total()).toBe(5)
  })

  it('reports bad input once per event and key, and still records the event', () => {
    const { emit, errors, series } = setup()
    emit(STOP, { duration: 1 }, { name: 'db', success: 'yes' })
    emit(STOP, { duration: 1 }, { name: 'db', success: 'yes' })
    expect(errors.map((e) => e.message)).toEqual([`${STOP}: metadata success should be boolean, got string`])
    expect(series('latency')[0]?.count).toBe(2)
  })

  it('reports metadata whose reads throw once per event name instead of throwing', () => {
    const { emit, errors } = setup()
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no reading')
        },
      },
    )
    expect(() => emit(STOP, { duration: 1 }, hostile)).not.toThrow()
    expect(() => emit(STOP, { duration: 1 }, hostile)).not.toThrow()
    expect(errors.map((e) => e.message)).toEqual([`${STOP}: metadata could not be read`])
  })
})
