import { describe, expect, it } from 'vitest'
import { compileRule, DEFAULT_WINDOW_MS } from './compileRule.ts'
import type { AlertRule } from './types.ts'

const metricRule = {
  name: 'HighLatency',
  severity: 'warning',
  metric: 'foundation.circuit_breaker.latency',
  aggregate: 'p95',
  comparator: '>',
  threshold: 100,
} as const

function fields(rule: unknown, index = 0): string[] {
  const out = compileRule(rule as AlertRule, index)
  return Array.isArray(out) ? out.map((p) => p.field) : []
}

describe('compileRule', () => {
  it('compiles a metric rule with its durations in ms and the default window', () => {
    expect(compileRule({ ...metricRule, for: '2m' }, 0)).toMatchObject({
      kind: 'metric',
      forMs: 120_000,
      keepMs: 0,
      windows: [DEFAULT_WINDOW_MS],
    })
    expect(compileRule({ ...metricRule, window: ['5m', 30_000] }, 0)).toMatchObject({
      windows: [300_000, 30_000],
    })
  })

  it('compiles an event rule with its event names as a list', () => {
    const when = () => true
    expect(compileRule({ name: 'E', severity: 'info', event: 'a.b', when }, 0)).toMatchObject({
      kind: 'event',
      events: ['a.b'],
    })
  })

  it('names a rule without a name by its index in the problems', () => {
    expect(compileRule({ ...metricRule, name: '' }, 3)).toEqual([
      { rule: 'rules[3]', field: 'name', message: 'a rule needs a name' },
    ])
    expect(compileRule(null as unknown as AlertRule, 1)).toEqual([
      { rule: 'rules[1]', field: 'rule', message: 'a rule must be an object' },
    ])
  })

  it('reports every bad field of a metric rule, common fields first', () => {
    const rule = {
      ...metricRule,
      severity: 'loud',
      for: 'soon',
      keepFiringFor: -1,
      labels: { 'bad-name': 'x', ok: 1 },
      annotations: 'text',
      metric: '',
      aggregate: 'ratio',
      comparator: '=>',
      threshold: Number.NaN,
      noData: 'maybe',
      series: 'some',
      window: ['1m', '0s'],
    }
    expect(fields(rule)).toEqual([
      'severity',
      'for',
      'keepFiringFor',
      'labels',
      'labels',
      'annotations',
      'metric',
      'comparator',
      'threshold',
      'denominator',
      'noData',
      'series',
      'window',
    ])
  })

  it('reports an empty window list and the missing functions of an event rule', () => {
    expect(fields({ ...metricRule, window: [] })).toEqual(['window'])
    expect(fields({ name: 'E', severity: 'info', event: ['a', ''], resolveWhen: 1 })).toEqual([
      'event',
      'when',
      'resolveWhen',
    ])
  })
})
