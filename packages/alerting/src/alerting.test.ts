import { describe, expect, it } from 'vitest'
import { errorRateRule, manualAlerting, recordingNotifier } from './testHelpers.ts'
import type { AlertRule } from './types.ts'

const below80: AlertRule = {
  name: 'AgentCoordinationFailure',
  metric: 'foundation_jido.coordination.success_rate',
  aggregate: 'value',
  comparator: '<',
  threshold: 0.8,
  severity: 'warning',
}

describe('createAlerting', () => {
  it('does not fire a "below" rule while the value is healthy, and fires once it drops below', async () => {
    const { t, alerting } = manualAlerting({ rules: [below80], grouping: { wait: 0 } })
    const gauge = t.metrics.gauge('foundation_jido.coordination.success_rate')
    gauge.set(0.95)
    await alerting.evaluate()
    expect(alerting.alerts()).toEqual([])
    gauge.set(0.5)
    await alerting.evaluate()
    expect(alerting.alerts().map((a) => [a.name, a.state, a.value])).toEqual([
      ['AgentCoordinationFailure', 'firing', 0.5],
    ])
    await alerting.stop()
  })

  it('moves pending to firing at exactly `for` on the evaluation interval', async () => {
    const { t, clock, alerting } = manualAlerting({
      interval: 30_000,
      rules: [errorRateRule('HighErrorRate', { for: '1m', severity: 'warning' })],
    })
    const gauge = t.metrics.gauge('foundation.error_rate')
    alerting.start()
    gauge.set(0.2)
    const start = clock.now()
    clock.advance(30_000)
    expect(alerting.alerts().map((a) => a.state)).toEqual(['pending'])
    expect(alerting.alerts()[0]!.since).toBe(start + 30_000)
    clock.advance(30_000)
    expect(alerting.alerts().map((a) => a.state)).toEqual(['pending'])
    clock.advance(30_000)
    expect(alerting.alerts().map((a) => [a.state, a.since])).toEqual([['firing', start + 90_000]])
    await alerting.stop()
  })

  it('emits alert.triggered with severity_level and alert.resolved with final_value and duration', async () => {
    const { t, clock, alerting } = manualAlerting({
      rules: [errorRateRule('HighErrorRate', { severity: 'error' })],
    })
    const gauge = t.metrics.gauge('foundation.error_rate')
    const events: Array<{ event: string; measurements: unknown; metadata: unknown }> = []
    t.attach(
      'capture',
      ['foundation_os.alert.triggered', 'foundation_os.alert.resolved'],
      (event, measurements, metadata) => {
        events.push({ event, measurements, metadata })
      },
    )
    gauge.set(0.1)
    await alerting.evaluate()
    clock.advance(45_000)
    gauge.set(0.01)
    await alerting.evaluate()
    expect(events.map((e) => e.event)).toEqual([
      'foundation_os.alert.triggered',
      'foundation_os.alert.resolved',
    ])
    expect(events[0]!.measurements).toEqual({ severity_level: 3 })
    expect(events[0]!.metadata).toMatchObject({
      name: 'HighErrorRate',
      severity: 'error',
      comparator: '>',
      threshold: 0.05,
      current_value: 0.1,
    })
    expect(events[1]!.measurements).toEqual({ duration: 45_000 })
    expect(events[1]!.metadata).toMatchObject({ name: 'HighErrorRate', final_value: 0.01 })
    await alerting.stop()
  })

  it('reports a bad rule with its name and field, and keeps evaluating the others', async () => {
    const { t, errors, alerting } = manualAlerting({
      rules: [
        errorRateRule('Broken', { comparator: '=>' as never }),
        errorRateRule('BadAggregate', { aggregate: 'median' as never }),
        errorRateRule('BadWindow', { aggregate: 'avg', window: '5 minutes' }),
        errorRateRule('Works'),
      ],
    })
    const gauge = t.metrics.gauge('foundation.error_rate')
    gauge.set(0.5)
    await alerting.evaluate()
    expect(alerting.alerts().map((a) => a.name)).toEqual(['Works'])
    const details = errors.map((e) => [e.details.rule, e.details.field])
    expect(details).toEqual([
      ['Broken', 'comparator'],
      ['BadAggregate', 'aggregate'],
      ['BadWindow', 'window'],
    ])
    await alerting.stop()
  })

  it('reports a metric that does not exist yet once, handles it as no data, and picks it up when it appears', async () => {
    const { t, errors, alerting } = manualAlerting({
      rules: [
        errorRateRule('Missing', { severity: 'warning' }),
        {
          name: 'MissingAlerting',
          metric: 'foundation.memory.usage',
          aggregate: 'value',
          comparator: '>',
          threshold: 0.85,
          severity: 'warning',
          noData: 'alerting',
        },
      ],
    })
    await alerting.evaluate()
    await alerting.evaluate()
    expect(errors.map((e) => [e.details.rule, e.details.field, e.details.metric])).toEqual([
      ['Missing', 'metric', 'foundation.error_rate'],
      ['MissingAlerting', 'metric', 'foundation.memory.usage'],
    ])
    expect(alerting.alerts().map((a) => [a.name, a.state])).toEqual([['MissingAlerting', 'firing']])
    expect(Number.isNaN(alerting.alerts()[0]!.value)).toBe(true)
    t.metrics.gauge('foundation.error_rate').set(0.5)
    await alerting.evaluate()
    expect(alerting.alerts().map((a) => [a.name, a.state])).toEqual([
      ['Missing', 'firing'],
      ['MissingAlerting', 'firing'],
    ])
    await alerting.stop()
  })

  it('lists every rule with its health: ok, nodata, or error for an invalid one', async () => {
    const { t, alerting } = manualAlerting({
      rules: [
        errorRateRule('Works'),
        { ...errorRateRule('NotYet'), metric: 'foundation.memory.usage' },
        { ...errorRateRule('Broken'), comparator: 'above' as never },
      ],
    })
    t.metrics.gauge('foundation.error_rate').set(0.5)
    expect(alerting.rules().map((r) => [r.name, r.health])).toEqual([
      ['Works', 'unknown'],
      ['NotYet', 'unknown'],
      ['Broken', 'error'],
    ])
    await alerting.evaluate()
    expect(alerting.rules()).toEqual([
      { name: 'Works', kind: 'metric', health: 'ok', active: 1, lastEvaluation: Date.UTC(2026, 0, 1) },
      {
        name: 'NotYet',
        kind: 'metric',
        health: 'nodata',
        error: 'metric foundation.memory.usage does not exist yet',
        active: 0,
        lastEvaluation: Date.UTC(2026, 0, 1),
      },
      {
        name: 'Broken',
        kind: 'metric',
        health: 'error',
        error: expect.stringContaining('comparator: unknown comparator "above"'),
        active: 0,
      },
    ])
    await alerting.stop()
  })

  it('keeps an alert unchanged without data under noData "keep"', async () => {
    const { t, clock, alerting } = manualAlerting({
      rules: [
        {
          name: 'SlowTasks',
          metric: 'foundation_jido.task.duration',
          aggregate: 'avg',
          window: '1m',
          comparator: '>',
          threshold: 100,
          severity: 'warning',
          noData: 'keep',
        },
      ],
    })
    const h = t.metrics.histogram('foundation_jido.task.duration', { windows: [60_000] })
    h.record(500)
    await alerting.evaluate()
    expect(alerting.alerts().map((a) => a.state)).toEqual(['firing'])
    clock.advance(120_000) // the window empties: no data
    await alerting.evaluate()
    expect(alerting.alerts().map((a) => a.state)).toEqual(['firing'])
    await alerting.stop()
  })

  it('keeps one alert per series, labelled with its tags', async () => {
    const { t, alerting } = manualAlerting({
      rules: [
        {
          name: 'BreakerOpen',
          metric: 'foundation.circuit_breaker.state',
          aggregate: 'value',
          comparator: '==',
          threshold: 1,
          severity: 'error',
        },
      ],
    })
    const state = t.metrics.gauge('foundation.circuit_breaker.state')
    state.set(1, { name: 'payments' })
    state.set(0, { name: 'search' })
    state.set(1, { name: 'ledger' })
    await alerting.evaluate()
    const firing = alerting.alerts().map((a) => a.labels)
    expect(firing).toEqual([
      { name: 'payments', alertname: 'BreakerOpen', severity: 'error' },
      { name: 'ledger', alertname: 'BreakerOpen', severity: 'error' },
    ])
    const fps = alerting.alerts().map((a) => a.fingerprint)
    expect(new Set(fps).size).toBe(2)
    state.set(0, { name: 'payments' })
    await alerting.evaluate()
    expect(alerting.alerts().map((a) => [a.labels.name, a.state])).toEqual([
      ['payments', 'resolved'],
      ['ledger', 'firing'],
    ])
    await alerting.stop()
  })

  it('evaluates rates, ratios and quantiles over core windows', async () => {
    const { t, clock, alerting } = manualAlerting({
      rules: [
        {
          name: 'Busy',
          metric: 'foundation_jido.task.started',
          aggregate: 'rate',
          window: '1m',
          comparator: '>',
          threshold: 1,
          severity: 'info',
          series: 'merged',
        },
        {
          name: 'Failing',
          metric: 'foundation_jido.task.failed',
          denominator: 'foundation_jido.task.started',
          aggregate: 'ratio',
          window: '1m',
          comparator: '>',
          threshold: 0.1,
          severity: 'warning',
          series: 'merged',
        },
        {
          name: 'SlowP95',
          metric: 'foundation_jido.task.duration',
          aggregate: 'p95',
          window: '1m',
          comparator: '>',
          threshold: 900,
          severity: 'warning',
          series: 'merged',
        },
        {
          name: 'Quiet',
          metric: 'foundation_jido.task.started',
          aggregate: 'increase',
          window: '1m',
          comparator: '<',
          threshold: 10,
          severity: 'info',
          series: 'merged',
        },
      ],
    })
    const calls = t.metrics.counter('foundation_jido.task.started', { windows: [60_000] })
    const failed = t.metrics.counter('foundation_jido.task.failed', { windows: [60_000] })
    const latency = t.metrics.histogram('foundation_jido.task.duration', { windows: [60_000] })
    calls.add(120)
    failed.add(30)
    for (let i = 1; i <= 100; i++) latency.record(i * 10)
    clock.advance(30_000) // the windows have covered 30 s: 120 starts are 4 per second
    await alerting.evaluate()
    const byName = Object.fromEntries(alerting.alerts().map((a) => [a.name, a.value]))
    expect(byName.Busy).toBeCloseTo(4, 5)
    expect(byName.Failing).toBeCloseTo(0.25, 5)
    expect(byName.SlowP95).toBeGreaterThan(900)
    expect(byName.Quiet).toBeUndefined()
    await alerting.stop()
  })

  it('fires an event rule on its event and resolves it on resolveWhen, one alert per breaker', async () => {
    const { t, alerting } = manualAlerting({
      rules: [
        {
          name: 'CircuitBreakerOpen',
          event: 'foundation.circuit_breaker.state_change',
          when: (_m, md) => md.to === 'open',
          resolveWhen: (_m, md) => md.to === 'closed',
          by: ['name'],
          severity: 'error',
        },
      ],
    })
    t.execute('foundation.circuit_breaker.state_change', {}, { name: 'payments', from: 'closed', to: 'open' })
    expect(alerting.alerts().map((a) => [a.labels.name, a.state])).toEqual([['payments', 'firing']])
    await alerting.evaluate()
    expect(alerting.alerts().map((a) => a.state)).toEqual(['firing'])
    t.execute(
      'foundation.circuit_breaker.state_change',
      {},
      { name: 'payments', from: 'half_open', to: 'closed' },
    )
    expect(alerting.alerts().map((a) => a.state)).toEqual(['resolved'])
    await alerting.stop()
  })

  it('reports a `when` that throws and keeps the host running', async () => {
    const { t, errors, alerting } = manualAlerting({
      rules: [
        {
          name: 'Thrower',
          event: 'foundation.cache.hit',
          when: () => {
            throw new Error('boom')
          },
          severity: 'info',
        },
      ],
    })
    expect(() => t.execute('foundation.cache.hit', {}, { cache: 'c' })).not.toThrow()
    expect(errors.map((e) => [e.details.rule, e.details.field])).toEqual([['Thrower', 'when']])
    await alerting.stop()
  })

  it('delivers grouped notifications to notifiers and records alert state as metrics', async () => {
    const recorder = recordingNotifier()
    const { t, alerting } = manualAlerting({
      rules: [
        errorRateRule('HighErrorRate', {
          severity: 'warning',
          annotations: { summary: 'error rate {{ $value }}' },
        }),
      ],
      notifiers: [recorder],
      grouping: { wait: 0 },
    })
    const gauge = t.metrics.gauge('foundation.error_rate')
    gauge.set(0.25)
    await alerting.evaluate()
    await alerting.flush()
    expect(recorder.sent).toHaveLength(1)
    expect(recorder.sent[0]!.alerts[0]!.annotations).toEqual({ summary: 'error rate 0.25' })
    const collected = t.metrics.collect()
    const state = collected.find((m) => m.name === 'foundation_os.alert.state')
    expect(state?.series.map((s) => [s.tags, s.value])).toEqual([
      [{ alertname: 'HighErrorRate', severity: 'warning', state: 'firing' }, 1],
    ])
    const delivered = collected.find((m) => m.name === 'foundation_os.alert.notifications')
    expect(delivered?.series.map((s) => [s.tags, s.value])).toEqual([
      [{ notifier: 'recorder', outcome: 'delivered' }, 1],
    ])
    await alerting.stop()
  })
})
