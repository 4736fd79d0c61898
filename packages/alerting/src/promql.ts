/**
 * A metric rule as a PromQL expression over the names the Prometheus exporter writes (the
 * taxonomy's `prometheusName`, values in base units: seconds, bytes). Returns the reason instead
 * when Prometheus has no equivalent of what the rule reads.
 */
import {
  convertToBaseUnit,
  findMetricDefinition,
  type MetricKind,
  prometheusName,
} from '@foundation-telemetry/taxonomy'
import { compileRule, DEFAULT_WINDOW_MS, quantileOf } from './compileRule.ts'
import { formatDuration, parseDuration } from './duration.ts'
import { guarded } from './guard.ts'
import { labelNameOf } from './ruleRuntime.ts'
import type { AlertRule, Duration, MetricRule } from './types.ts'

/** An expression, or why there is none. */
export type PromqlResult = { expr: string } | { reason: string }

const defaultKind: Readonly<Record<string, MetricKind>> = {
  value: 'gauge',
  rate: 'counter',
  increase: 'counter',
  ratio: 'counter',
  avg: 'histogram',
  min: 'gauge',
  max: 'gauge',
}

function kindOf(rule: MetricRule, metric: string): MetricKind {
  return findMetricDefinition(metric)?.kind ?? defaultKind[rule.aggregate] ?? 'histogram'
}

function unitOf(rule: MetricRule, metric: string): string {
  return (metric === rule.metric ? rule.unit : undefined) ?? findMetricDefinition(metric)?.unit ?? '1'
}

function selector(name: string, rule: MetricRule): string {
  const tags = rule.tags ?? {}
  const parts: string[] = []
  for (const key of Object.keys(tags).sort()) {
    const v = tags[key]
    if (v === null || v === undefined) continue
    parts.push(`${labelNameOf(key)}=${JSON.stringify(String(v))}`)
  }
  return parts.length === 0 ? name : `${name}{${parts.join(',')}}`
}

/** A number as PromQL writes it. */
export function promqlNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN'
  if (n === Number.POSITIVE_INFINITY) return '+Inf'
  if (n === Number.NEGATIVE_INFINITY) return '-Inf'
  return String(n)
}

/** The PromQL expression of one window of `rule`, before the comparison; `scaled` says whether the threshold converts to base units. */
function windowExpr(rule: MetricRule, w: string): { expr: string; scaled: boolean } | { reason: string } {
  const merged = rule.series === 'merged'
  const metric = rule.metric
  const kind = kindOf(rule, metric)
  const name = prometheusName(metric, unitOf(rule, metric))
  const counter = kind === 'counter' || kind === 'updowncounter'
  const distribution = kind === 'histogram' || kind === 'summary'
  const sum = (e: string) => (merged ? `sum(${e})` : e)
  switch (rule.aggregate) {
    case 'value':
      if (distribution) return { reason: `value of ${kind} ${metric}: a ${kind} has no single value` }
      return {
        expr: sum(selector(counter && kind === 'counter' ? `${name}_total` : name, rule)),
        scaled: true,
      }
    case 'rate':
    case 'increase': {
      const fn = rule.aggregate
      if (kind === 'counter')
        return { expr: sum(`${fn}(${selector(`${name}_total`, rule)}[${w}])`), scaled: true }
      if (distribution) return { expr: sum(`${fn}(${selector(`${name}_count`, rule)}[${w}])`), scaled: false }
      return { reason: `${fn} of ${kind} ${metric}: Prometheus sees only its latest value, not each update` }
    }
    case 'ratio': {
      const den = rule.denominator!
      const numKind = kindOf(rule, metric)
      const denKind = kindOf(rule, den)
      if (numKind !== 'counter' || denKind !== 'counter')
        return { reason: `ratio of ${metric} over ${den}: both must be counters` }
      const denName = prometheusName(den, unitOf(rule, den))
      return {
        expr: `${sum(`rate(${selector(`${name}_total`, rule)}[${w}])`)} / ${sum(`rate(${selector(`${denName}_total`, rule)}[${w}])`)}`,
        scaled: false,
      }
    }
    case 'avg':
      if (distribution) {
        return {
          expr: `${sum(`rate(${selector(`${name}_sum`, rule)}[${w}])`)} / ${sum(`rate(${selector(`${name}_count`, rule)}[${w}])`)}`,
          scaled: true,
        }
      }
      if (counter)
        return { reason: `avg of counter ${metric}: the average increment has no Prometheus equivalent` }
      return {
        expr: merged
          ? `avg(avg_over_time(${selector(name, rule)}[${w}]))`
          : `avg_over_time(${selector(name, rule)}[${w}])`,
        scaled: true,
      }
    case 'min':
    case 'max': {
      const fn = rule.aggregate
      if (distribution || counter)
        return { reason: `${fn} of ${kind} ${metric}: the exporter does not write extremes` }
      const inner = `${fn}_over_time(${selector(name, rule)}[${w}])`
      return { expr: merged ? `${fn}(${inner})` : inner, scaled: true }
    }
    default: {
      const q = quantileOf[rule.aggregate]!
      if (kind === 'histogram') {
        const rate = `rate(${selector(`${name}_bucket`, rule)}[${w}])`
        return { expr: `histogram_quantile(${q}, ${merged ? `sum by (le) (${rate})` : rate})`, scaled: true }
      }
      if (kind === 'gauge') {
        const inner = `quantile_over_time(${q}, ${selector(name, rule)}[${w}])`
        return { expr: merged ? `max(${inner})` : inner, scaled: true }
      }
      return { reason: `${rule.aggregate} of ${kind} ${metric}: only histograms export buckets` }
    }
  }
}

/** The full alert expression of `rule` (every window compared, joined with `and`). */
export function toPromql(rule: AlertRule): PromqlResult {
  return guarded(
    'toPromql',
    undefined,
    () => {
      if ('event' in rule) return { reason: 'event rules read events, which Prometheus does not see' }
      const compiled = compileRule(rule, 0)
      if (Array.isArray(compiled))
        return { reason: compiled.map((p) => `${p.field}: ${p.message}`).join('; ') }
      const windows = compiled.kind === 'metric' ? compiled.windows : [DEFAULT_WINDOW_MS]
      const parts: string[] = []
      for (const ms of rule.aggregate === 'value' ? [windows[0]!] : windows) {
        const e = windowExpr(rule, formatDuration(ms))
        if ('reason' in e) return e
        const threshold = e.scaled
          ? convertToBaseUnit(rule.threshold, unitOf(rule, rule.metric)).value
          : rule.threshold
        parts.push(`${e.expr} ${rule.comparator} ${promqlNumber(threshold)}`)
      }
      return { expr: parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(' and ') }
    },
    () => ({ reason: 'not an alert rule' }),
  )
}

/** A duration for a rule file, or undefined for zero / absent. */
export function ruleDuration(d: Duration | undefined): string | undefined {
  const ms = parseDuration(d)
  return ms === undefined || ms === 0 ? undefined : formatDuration(ms)
}
