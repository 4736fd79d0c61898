import { describe, expect, it } from 'vitest'
import { exportPrometheusRules, toPrometheusRules } from './prometheusRules.ts'
import { toPromql } from './promql.ts'
import type { MetricRule } from './types.ts'

const rule = (fields: Partial<MetricRule>): MetricRule => ({
  name: 'R',
  metric: 'foundation_jido.task.duration',
  aggregate: 'p95',
  comparator: '>',
  threshold: 250,
  severity: 'warning',
  ...fields,
})

const expr = (fields: Partial<MetricRule>) => {
  const r = toPromql(rule(fields))
  return 'expr' in r ? r.expr : `SKIPPED: ${r.reason}`
}

describe('toPromql', () => {
  it('writes each aggregate with the exporter names and base units', () => {
    expect(expr({ window: '5m' })).toBe(
      'histogram_quantile(0.95, rate(foundation_jido_task_duration_seconds_bucket[5m])) > 0.25',
    )
    expect(expr({ series: 'merged', aggregate: 'p99', window: '1m' })).toBe(
      'histogram_quantile(0.99, sum by (le) (rate(foundation_jido_task_duration_seconds_bucket[1m]))) > 0.25',
    )
    expect(expr({ aggregate: 'avg', window: '2m' })).toBe(
      'rate(foundation_jido_task_duration_seconds_sum[2m]) / rate(foundation_jido_task_duration_seconds_count[2m]) > 0.25',
    )
    expect(expr({ aggregate: 'rate', threshold: 3 })).toBe(
      'rate(foundation_jido_task_duration_seconds_count[1m]) > 3',
    )
    expect(
      expr({
        metric: 'foundation_jido.task.failed',
        aggregate: 'increase',
        window: '1h',
        comparator: '>=',
        threshold: 10,
      }),
    ).toBe('increase(foundation_jido_task_failed_total[1h]) >= 10')
    expect(
      expr({
        metric: 'foundation.cache.hit_ratio',
        aggregate: 'value',
        comparator: '<',
        threshold: 0.7,
        tags: { cache: 'users' },
      }),
    ).toBe('foundation_cache_hit_ratio{cache="users"} < 0.7')
    expect(
      expr({
        metric: 'foundation.memory.usage',
        aggregate: 'max',
        window: '10m',
        comparator: '>',
        threshold: 0.9,
      }),
    ).toBe('max_over_time(foundation_memory_usage[10m]) > 0.9')
    expect(
      expr({
        metric: 'foundation_jido.task.failed',
        denominator: 'foundation_jido.task.started',
        aggregate: 'ratio',
        window: ['1h', '5m'],
        threshold: 0.1,
        series: 'merged',
      }),
    ).toBe(
      '(sum(rate(foundation_jido_task_failed_total[1h])) / sum(rate(foundation_jido_task_started_total[1h])) > 0.1) and (sum(rate(foundation_jido_task_failed_total[5m])) / sum(rate(foundation_jido_task_started_total[5m])) > 0.1)',
    )
  })

  it('converts a millisecond metric outside the taxonomy when the rule names its unit', () => {
    expect(expr({ metric: 'shop.checkout.latency', unit: 'ms', threshold: 1500 })).toBe(
      'histogram_quantile(0.95, rate(shop_checkout_latency_seconds_bucket[1m])) > 1.5',
    )
  })

  it('gives the reason for what Prometheus cannot express', () => {
    expect(expr({ metric: 'foundation.memory.usage', aggregate: 'rate' })).toMatch(/^SKIPPED: rate of gauge/)
    expect(expr({ aggregate: 'value' })).toMatch(/^SKIPPED: value of histogram/)
    expect(expr({ aggregate: 'min' })).toMatch(/^SKIPPED: min of histogram/)
    expect(expr({ comparator: '=<' as never })).toMatch(/^SKIPPED: comparator/)
  })
})

describe('toPrometheusRules', () => {
  it('writes a rule file with for, keep_firing_for, labels and annotations, and lists what it left out', () => {
    const yaml = toPrometheusRules(
      [
        rule({
          name: 'SlowTasks',
          for: '2m',
          keepFiringFor: 300_000,
          labels: { team: 'agents' },
          annotations: { summary: 'p95 is {{ $value }}' },
        }),
        {
          name: 'Breaker',
          event: 'foundation.circuit_breaker.state_change',
          when: () => true,
          severity: 'error',
        },
        rule({ name: 'bad name' }),
      ],
      { interval: '30s', group: 'app' },
    )
    expect(yaml).toBe(
      [
        '# not exported: Breaker: event rules read events, which Prometheus does not see',
        '# not exported: bad name: Prometheus alert names must be valid metric names ([a-zA-Z_:][a-zA-Z0-9_:]*)',
        'groups:',
        '  - name: "app"',
        '    interval: 30s',
        '    rules:',
        '      - alert: SlowTasks',
        '        expr: "histogram_quantile(0.95, rate(foundation_jido_task_duration_seconds_bucket[1m])) > 0.25"',
        '        for: 2m',
        '        keep_firing_for: 5m',
        '        labels:',
        '          severity: "warning"',
        '          team: "agents"',
        '        annotations:',
        '          summary: "p95 is {{ $value }}"',
        '',
      ].join('\n'),
    )
    expect(exportPrometheusRules([]).yaml).toBe('groups:\n  - name: "foundation-telemetry"\n    rules: []\n')
  })
})
