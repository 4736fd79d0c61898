import { describe, expect, it } from 'vitest'
import { createMetricsDouble } from '../test/metricsDouble.ts'
import { expectNoHandlers, rejectionOf, setup } from '../test/support.ts'
import { readMetric, waitForMetric } from './waitForMetric.ts'
import { waitForMetricThreshold } from './waitForMetricThreshold.ts'

function withMetrics() {
  const { t, clock } = setup()
  const double = createMetricsDouble()
  const instance = {
    clock: t.clock,
    attach: t.attach.bind(t),
    detach: t.detach.bind(t),
    listHandlers: t.listHandlers.bind(t),
    metrics: double.metrics,
  }
  return { t, clock, double, instance }
}

describe('waitForMetric', () => {
  it('re-reads on each event and resolves with the value once the predicate holds', async () => {
    const { t, double, instance } = withMetrics()
    const failures = 'foundation.circuit_breaker.failures'
    double.setCounter(failures, [{ tags: { service_id: 'payments' }, value: 1 }])
    const pending = waitForMetric(instance, failures, { service_id: 'payments' }, (n) => n >= 3)
    double.setCounter(failures, [
      { tags: { service_id: 'payments' }, value: 3 },
      { tags: { service_id: 'search' }, value: 9 },
    ])
    t.execute('foundation.circuit_breaker.call_failure', {}, {})
    await expect(pending).resolves.toBe(3)
    expectNoHandlers(t)
  })

  it('sums every series whose tags include the given ones', () => {
    const { double, instance } = withMetrics()
    double.setCounter('m', [
      { tags: { a: '1', b: 'x' }, value: 2 },
      { tags: { a: '1', b: 'y' }, value: 5 },
      { tags: { a: '2', b: 'x' }, value: 100 },
    ])
    expect(readMetric(instance, 'm', { a: 1 }).value).toBe(7)
    expect(readMetric(instance, 'm', undefined).value).toBe(107)
    expect(readMetric(instance, 'm', { a: 3 }).note).toBe('3 series, none with those tags')
  })

  it('reads distributions by count, sum, mean, min, max, and windows by stat or quantile', () => {
    const { double, instance } = withMetrics()
    double.setHistogram('lat', { op: 'q' }, [10, 20, 60])
    expect(readMetric(instance, 'lat', {}).value).toBe(3)
    expect(readMetric(instance, 'lat', {}, { stat: 'sum' }).value).toBe(90)
    expect(readMetric(instance, 'lat', {}, { stat: 'mean' }).value).toBe(30)
    expect(readMetric(instance, 'lat', {}, { stat: 'max' }).value).toBe(60)
    double.setWindow('lat', 60_000, [10, 20, 60, 80])
    expect(readMetric(instance, 'lat', {}, { window: 60_000 }).value).toBe(170)
    expect(readMetric(instance, 'lat', {}, { window: 60_000, stat: 'count' }).value).toBe(4)
    expect(readMetric(instance, 'lat', {}, { window: 60_000, quantile: 0.99 }).value).toBe(80)
    expect(readMetric(instance, 'lat', {}, { stat: 'rate' }).value).toBeUndefined()
  })

  it('a window wait without tags covers every series, including ones created after it starts', async () => {
    const { t } = setup()
    const latency = t.metrics.histogram('job.latency', { unit: 'ms' })
    const pending = waitForMetric(t, 'job.latency', undefined, (n) => n >= 2, {
      window: 60_000,
      stat: 'count',
    })
    latency.record(5, { job: 'a' })
    t.execute('job.done', {}, {})
    latency.record(7, { job: 'b' })
    t.execute('job.done', {}, {})
    await expect(pending).resolves.toBe(2)
    expectNoHandlers(t)
  })

  it('times out with the last value, and survives a throwing engine', async () => {
    const { t, clock, double, instance } = withMetrics()
    double.setCounter('m', [{ tags: {}, value: 1 }])
    const pending = waitForMetric(instance, 'm', {}, (n) => n > 5)
    clock.advance(1000)
    const error = await rejectionOf(pending)
    expect(error.message).toMatch(
      /^waitForMetric: m \{\} did not satisfy predicate \(n\) => n > 5 within 1000 ms/,
    )
    expect(error.message).toContain('last value 1 (1 series, counter, value)')
    expectNoHandlers(t)

    double.failNextCollect()
    const broken = waitForMetric(instance, 'm', {}, (n) => n > 5)
    clock.advance(1000)
    expect((await rejectionOf(broken)).message).toContain('reading metrics threw Error("engine down")')
    expectNoHandlers(t)
  })

  it('polls on the clock for instruments updated without an event', async () => {
    const { t, clock, double, instance } = withMetrics()
    const pending = waitForMetric(instance, 'direct', {}, (n) => n === 2, { interval: 10 })
    double.setCounter('direct', [{ tags: {}, value: 2 }])
    clock.advance(10)
    await expect(pending).resolves.toBe(2)
    expectNoHandlers(t)
  })
})

describe('waitForMetricThreshold', () => {
  it('compares with an explicit comparator, below as well as above', async () => {
    const { t, double, instance } = withMetrics()
    double.setCounter('active', [{ tags: { pool_id: 'db' }, value: 4 }])
    const drained = waitForMetricThreshold(instance, 'active', { pool_id: 'db' }, 1, '<')
    const busy = waitForMetricThreshold(instance, 'active', { pool_id: 'db' }, 4, '>=')
    await expect(busy).resolves.toBe(4)
    double.setCounter('active', [{ tags: { pool_id: 'db' }, value: 0 }])
    t.execute('foundation.connection_pool.checkin', {}, { pool_id: 'db' })
    await expect(drained).resolves.toBe(0)
    expectNoHandlers(t)
  })

  it('names the comparison in its timeout message and rejects a bad comparator', async () => {
    const { t, clock, double, instance } = withMetrics()
    double.setCounter('active', [{ tags: {}, value: 4 }])
    const pending = waitForMetricThreshold(instance, 'active', {}, 0, '==')
    clock.advance(1000)
    expect((await rejectionOf(pending)).message).toContain('did not satisfy predicate value == 0')
    // @ts-expect-error not a comparator
    await expect(waitForMetricThreshold(instance, 'active', {}, 0, '=>')).rejects.toThrow(
      /one of > >= < <= == !=/,
    )
    expectNoHandlers(t)
  })
})
