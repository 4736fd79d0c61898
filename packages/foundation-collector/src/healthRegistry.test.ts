import { createManualClock, createTelemetry } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import {
  checkReport,
  createHealthRegistry,
  type Entry,
  type HealthResponse,
  publishCheck,
  rollUp,
  writeHealthResponse,
} from './healthRegistry.ts'

function setup() {
  const clock = createManualClock()
  const errors: unknown[] = []
  const t = createTelemetry({ clock, service: 'gateway', onError: (e) => errors.push(e) })
  const events: Array<{ event: string; metadata: Record<string, unknown> }> = []
  t.attach('capture', 'foundation.service.*', (event, _m, metadata) => events.push({ event, metadata }))
  const gauge = (service: string) =>
    t.metrics
      .collect()
      .find((m) => m.name === 'foundation.service.health')
      ?.series.find((s) => s.tags.service === service)?.value
  return { clock, t, errors, events, gauge }
}

function response() {
  const res: HealthResponse & { body: string; headers: Record<string, string> } = {
    statusCode: 0,
    body: '',
    headers: {},
    setHeader(name, value) {
      res.headers[name.toLowerCase()] = value
    },
    end(body) {
      res.body = body
    },
  }
  return res
}

describe('health registry', () => {
  it('runs every check and reports each as an event and a gauge value', async () => {
    const { t, events, gauge } = setup()
    const health = createHealthRegistry(t, { version: '1.2.3' })
    health.register('db', () => 'healthy')
    health.register('search', async () => ({ status: 'degraded', details: { replicas: 1 } }))
    const report = await health.check()
    expect(report).toMatchObject({
      status: 'degraded',
      version: '1.2.3',
      service: 'gateway',
      checks: {
        db: { status: 'healthy', critical: true },
        search: { status: 'degraded', details: { replicas: 1 } },
      },
    })
    expect(gauge('db')).toBe(1)
    expect(gauge('search')).toBe(0.5)
    expect(
      events.filter((e) => e.event === 'foundation.service.health_check').map((e) => e.metadata.service),
    ).toEqual(['db', 'search'])
  })

  it('a check that throws, rejects or returns nonsense is unhealthy with the reason', async () => {
    const { t } = setup()
    const health = createHealthRegistry(t)
    health.register('throws', () => {
      throw new Error('connection refused')
    })
    health.register('rejects', () => Promise.reject(new Error('auth failed')))
    health.register('nonsense', () => 'fine' as never)
    const report = await health.check()
    expect(report.status).toBe('unhealthy')
    expect(report.checks.throws).toMatchObject({ status: 'unhealthy', error: 'connection refused' })
    expect(report.checks.rejects).toMatchObject({ status: 'unhealthy', error: 'auth failed' })
    expect(report.checks.nonsense?.status).toBe('unhealthy')
  })

  it('a check that hangs times out on the clock', async () => {
    const { t, clock } = setup()
    const health = createHealthRegistry(t, { timeout: 250 })
    health.register('hangs', () => new Promise(() => {}))
    const pending = health.check()
    clock.advance(250)
    const report = await pending
    expect(report.checks.hangs).toMatchObject({ status: 'unhealthy', error: 'timeout after 250 ms' })
  })

  it('an unhealthy non-critical dependency degrades the service instead of failing it', async () => {
    const { t } = setup()
    const health = createHealthRegistry(t)
    health.register('db', () => 'healthy')
    health.register('cache', () => 'unhealthy', { critical: false })
    expect((await health.check()).status).toBe('degraded')
  })

  it('emits a health change with from, to and the reason when a status changes', async () => {
    const { t, events } = setup()
    const health = createHealthRegistry(t)
    let up = true
    health.register('db', () => {
      if (!up) throw new Error('down')
      return 'healthy'
    })
    await health.check()
    up = false
    await health.check()
    await health.check()
    const changes = events.filter((e) => e.event === 'foundation.service.health_change')
    expect(changes).toHaveLength(1)
    expect(changes[0]?.metadata).toMatchObject({
      service: 'db',
      from: 'healthy',
      to: 'unhealthy',
      reason: 'down',
    })
  })

  it('runs on the clock once started, and no more once stopped', async () => {
    const { t, clock, events } = setup()
    const health = createHealthRegistry(t, { interval: 1000 })
    let runs = 0
    health.register('db', () => {
      runs++
      return 'healthy'
    })
    health.start()
    await health.check()
    expect(runs).toBe(1)
    clock.advance(1000)
    await health.check()
    clock.advance(1000)
    await health.check()
    expect(runs).toBe(3)
    health.stop()
    clock.advance(5000)
    expect(runs).toBe(3)
    expect(events.length).toBeGreaterThan(0)
  })

  it('serves the last report: 200 while healthy or degraded, 503 when unhealthy, with uptime', async () => {
    const { t, clock } = setup()
    const health = createHealthRegistry(t)
    let status: 'healthy' | 'unhealthy' = 'healthy'
    health.register('db', () => status)
    await health.check()
    clock.advance(90_000)
    const ok = response()
    health.handler({}, ok)
    expect(ok.statusCode).toBe(200)
    expect(ok.headers['content-type']).toContain('application/json')
    expect(JSON.parse(ok.body)).toMatchObject({
      status: 'healthy',
      uptime: 90,
      checks: { db: { status: 'healthy' } },
    })
    status = 'unhealthy'
    await health.check()
    const down = response()
    health.handler({}, down)
    expect(down.statusCode).toBe(503)
  })

  it('reports bad registrations and options instead of throwing', () => {
    const { t, errors } = setup()
    const health = createHealthRegistry(t, { interval: -5 })
    expect(() => health.register('', () => 'healthy')).not.toThrow()
    expect(() => health.register('x', 'no' as never)).not.toThrow()
    expect(errors).toHaveLength(3)
  })
})

describe('health registry pieces', () => {
  const entry = (status: 'healthy' | 'degraded' | 'unhealthy' | undefined, critical = true): Entry => ({
    check: () => 'healthy',
    critical,
    timeout: 100,
    last: status === undefined ? undefined : { status, critical, duration: 1, checkedAt: 0 },
  })

  it('checkReport keeps details and error only when the outcome has them', () => {
    expect(checkReport({ status: 'healthy' }, true, 3, 10)).toEqual({
      status: 'healthy',
      critical: true,
      duration: 3,
      checkedAt: 10,
    })
    expect(checkReport({ status: 'unhealthy', error: 'down', details: { a: 1 } }, false, 1, 2)).toEqual({
      status: 'unhealthy',
      critical: false,
      duration: 1,
      checkedAt: 2,
      details: { a: 1 },
      error: 'down',
    })
  })

  it('rollUp is the worst status over checks that ran; an unhealthy non-critical one only degrades', () => {
    expect(rollUp([])).toEqual({ status: 'healthy', checks: {} })
    expect(rollUp([['db', entry(undefined)]])).toEqual({ status: 'healthy', checks: {} })
    expect(
      rollUp([
        ['db', entry('healthy')],
        ['cache', entry('unhealthy', false)],
      ]).status,
    ).toBe('degraded')
    const worst = rollUp([
      ['cache', entry('degraded', false)],
      ['db', entry('unhealthy')],
      ['search', entry('healthy')],
    ])
    expect(worst.status).toBe('unhealthy')
    expect(Object.keys(worst.checks)).toEqual(['cache', 'db', 'search'])
  })

  it('publishCheck sets the gauge, emits the check, and emits a change only when the status moved', () => {
    const { t, events, gauge } = setup()
    const report = checkReport({ status: 'unhealthy', error: 'down', details: { a: 1 } }, true, 5, 0)
    publishCheck(t, 'db', report, undefined)
    expect(gauge('db')).toBe(0)
    expect(events.map((e) => e.event)).toEqual(['foundation.service.health_check'])
    expect(events[0]?.metadata).toMatchObject({ service: 'db', status: 'unhealthy', details: { a: 1 } })
    publishCheck(t, 'db', report, 'unhealthy')
    expect(events.filter((e) => e.event === 'foundation.service.health_change')).toHaveLength(0)
    publishCheck(t, 'db', report, 'healthy')
    expect(events.at(-1)).toMatchObject({
      event: 'foundation.service.health_change',
      metadata: { service: 'db', from: 'healthy', to: 'unhealthy', reason: 'down' },
    })
  })

  it('writeHealthResponse answers 200 for degraded, 503 for unhealthy, as uncached JSON', () => {
    const body = { status: 'degraded' as const, uptime: 1, service: 's', checks: {} }
    const ok = response()
    writeHealthResponse(ok, body)
    expect(ok.statusCode).toBe(200)
    expect(ok.headers['cache-control']).toBe('no-store')
    expect(JSON.parse(ok.body)).toEqual(body)
    const down = response()
    writeHealthResponse(down, { ...body, status: 'unhealthy' })
    expect(down.statusCode).toBe(503)
  })

  it('its methods work detached from the registry, as a request listener or a timer callback', async () => {
    const { t } = setup()
    const { register, check, handler } = createHealthRegistry(t)
    register('db', () => 'unhealthy')
    expect((await check()).status).toBe('unhealthy')
    const res = response()
    handler({}, res)
    expect(res.statusCode).toBe(503)
  })

  it('shows only its six methods as own keys, as the object it replaced did', () => {
    const { t } = setup()
    const methods = ['register', 'check', 'report', 'start', 'stop', 'handler']
    expect(Object.keys(createHealthRegistry(t))).toEqual(methods)
  })

  it('a handler whose response throws reports the failure instead of throwing', () => {
    const { t, errors } = setup()
    const health = createHealthRegistry(t)
    const res = response()
    res.end = () => {
      throw new Error('socket closed')
    }
    expect(() => health.handler({}, res)).not.toThrow()
    expect(String(errors[0])).toContain('health handler failed: socket closed')
  })
})
