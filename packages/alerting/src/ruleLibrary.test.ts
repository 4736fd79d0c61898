import { describe, expect, it } from 'vitest'
import { exportPrometheusRules } from './prometheusRules.ts'
import { foundationRules, healthRules, ruleLibrary } from './ruleLibrary.ts'
import { sloBurnRateRules } from './slo.ts'
import { manualAlerting } from './testHelpers.ts'
import type { MetricRule } from './types.ts'

describe('the rule library', () => {
  it('uses "<" for every success-rate, convergence, efficiency and hit-rate rule', () => {
    const below = ruleLibrary.filter(
      (r): r is MetricRule => 'metric' in r && /success_rate|convergence|efficiency|hit_ratio/.test(r.metric),
    )
    expect(below.map((r) => [r.name, r.comparator, r.threshold])).toEqual([
      ['AgentCoordinationFailure', '<', 0.8],
      ['SignalDispatchFailures', '<', 0.9],
      ['OptimizationConvergenceIssues', '<', 0.7],
      ['MultiAgentCoordinationInefficiency', '<', 0.6],
      ['LowCacheHitRate', '<', 0.7],
    ])
    expect(healthRules).toHaveLength(6)
    expect(foundationRules).toHaveLength(6)
  })

  it('stays quiet on a healthy system, fires on an unhealthy one, and never throws on missing metrics', async () => {
    const { t, clock, alerting } = manualAlerting({ rules: ruleLibrary, interval: '30s' })
    alerting.start()
    const healthy: Record<string, number> = {
      'foundation.error_rate': 0.01,
      'foundation_jido.coordination.success_rate': 0.97,
      'foundation_jido.signal.dispatch_success_rate': 0.99,
      'dspex.optimization.convergence_rate': 0.9,
      'dspex.coordination.efficiency': 0.85,
      'foundation.cache.hit_ratio': 0.95,
      'foundation.memory.usage': 0.4,
      'foundation.circuit_breaker.state': 0,
    }
    for (const [name, value] of Object.entries(healthy)) t.recordMetric(name, value)
    clock.advance(3_600_000)
    expect(alerting.alerts()).toEqual([])
    t.recordMetric('foundation.error_rate', 0.2)
    t.recordMetric('foundation_jido.coordination.success_rate', 0.5)
    t.recordMetric('foundation.circuit_breaker.state', 1, { name: 'payments' })
    t.execute('foundation.circuit_breaker.state_change', {}, { name: 'payments', from: 'closed', to: 'open' })
    clock.advance(600_000)
    expect(
      alerting
        .alerts()
        .filter((a) => a.state === 'firing')
        .map((a) => a.name)
        .sort(),
    ).toEqual(['AgentCoordinationFailure', 'CircuitBreakerOpen', 'CircuitBreakerStateOpen', 'HighErrorRate'])
    await alerting.stop()
  })

  it('exports every metric rule to Prometheus and lists the event rule as not exportable', () => {
    const { skipped, yaml } = exportPrometheusRules(ruleLibrary)
    expect(skipped.map((s) => s.name)).toEqual(['CircuitBreakerOpen'])
    expect(yaml).toContain(
      'histogram_quantile(0.95, sum by (le) (rate(foundation_cache_duration_seconds_bucket[5m]))) > 0.001',
    )
    expect(yaml).toContain('expr: "foundation_jido_coordination_success_rate < 0.8"')
  })
})

describe('sloBurnRateRules', () => {
  it('gives 14.4x, 6x, 3x and 1x burn rates over 1h/5m, 6h/30m, 1d/2h and 3d/6h for a 30-day SLO', () => {
    const rules = sloBurnRateRules({
      name: 'Checkout',
      objective: 0.999,
      errors: 'shop.errors',
      total: 'shop.requests',
    })
    expect(rules.map((r) => [r.labels?.burn_rate, r.window, r.threshold, r.severity])).toEqual([
      ['14.4', ['1h', '5m'], 0.0144, 'critical'],
      ['6', ['6h', '30m'], 0.006, 'critical'],
      ['3', ['1d', '2h'], 0.003, 'warning'],
      ['1', ['3d', '6h'], 0.001, 'warning'],
    ])
    expect(
      rules.every(
        (r) => r.aggregate === 'ratio' && r.comparator === '>' && r.denominator === 'shop.requests',
      ),
    ).toBe(true)
  })

  it('scales the factors with the period', () => {
    const rules = sloBurnRateRules({ name: 'X', objective: 0.99, errors: 'e', total: 't', period: '7d' })
    expect(rules.map((r) => r.labels?.burn_rate)).toEqual(['3.36', '1.4', '0.7', '0.233333333333'])
  })

  it('fires when both the long and the short window burn, and not on a short spike alone', async () => {
    const [page] = sloBurnRateRules({
      name: 'Shop',
      objective: 0.999,
      errors: 'shop.errors',
      total: 'shop.requests',
    })
    const { t, clock, alerting } = manualAlerting({ rules: [page!] })
    const total = t.metrics.counter('shop.requests', { windows: [3_600_000, 300_000] })
    const errors = t.metrics.counter('shop.errors', { windows: [3_600_000, 300_000] })
    // 55 minutes healthy: 1000 requests a minute, no errors.
    for (let m = 0; m < 55; m++) {
      total.add(1000)
      clock.advance(60_000)
    }
    // A 5-minute spike of 5 % errors: the 5 m ratio burns, the 1 h ratio (about 0.4 %) does not.
    for (let m = 0; m < 5; m++) {
      total.add(1000)
      errors.add(50)
      clock.advance(60_000)
    }
    await alerting.evaluate()
    expect(alerting.alerts()).toEqual([])
    // Keep failing: after 20 more minutes the 1 h ratio passes 1.44 % too.
    for (let m = 0; m < 20; m++) {
      total.add(1000)
      errors.add(50)
      clock.advance(60_000)
    }
    await alerting.evaluate()
    expect(alerting.alerts().map((a) => [a.name, a.state, a.labels.long_window])).toEqual([
      ['ShopErrorBudgetBurn', 'firing', '1h'],
    ])
    await alerting.stop()
  })
})
