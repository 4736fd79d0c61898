/**
 * The same rules as a Prometheus rule file: `alert`, `expr` over the exporter's metric names,
 * `for`, `keep_firing_for`, labels (the severity included) and annotations. Rules Prometheus cannot
 * express are listed at the top of the file and in the result, never silently dropped.
 */
import { formatDuration, parseDuration } from './duration.ts'
import { guarded } from './guard.ts'
import { ruleDuration, toPromql } from './promql.ts'
import type { AlertRule, Duration } from './types.ts'

/** Options of {@link toPrometheusRules}. */
export interface PrometheusRulesOptions {
  /** The rule group's name. Defaults to `foundation-telemetry`. */
  group?: string
  /** The group's evaluation interval. Defaults to Prometheus' global one (not written). */
  interval?: Duration
  /** A comment written at the top of the file. */
  header?: string
}

/** A rule left out of the export, and why. */
export interface SkippedRule {
  name: string
  reason: string
}

/** The rule file and the rules it could not hold. */
export interface PrometheusRulesResult {
  yaml: string
  skipped: SkippedRule[]
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** Export `rules`, with the list of those left out. */
export function exportPrometheusRules(
  rules: readonly AlertRule[],
  options: PrometheusRulesOptions = {},
): PrometheusRulesResult {
  return guarded(
    'exportPrometheusRules',
    undefined,
    () => exportRules(rules, options),
    () => exportRules([], {}),
  )
}

function exportRules(rules: readonly AlertRule[], options: PrometheusRulesOptions): PrometheusRulesResult {
  const skipped: SkippedRule[] = []
  const lines: string[] = []
  for (const rule of rules) {
    const name = typeof rule?.name === 'string' ? rule.name : '(unnamed)'
    if (!metricName.test(name)) {
      skipped.push({
        name,
        reason: 'Prometheus alert names must be valid metric names ([a-zA-Z_:][a-zA-Z0-9_:]*)',
      })
      continue
    }
    const result = toPromql(rule)
    if ('reason' in result) {
      skipped.push({ name, reason: result.reason })
      continue
    }
    lines.push(`      - alert: ${name}`, `        expr: ${quote(result.expr)}`)
    const forD = ruleDuration(rule.for)
    if (forD !== undefined) lines.push(`        for: ${forD}`)
    const keep = ruleDuration(rule.keepFiringFor)
    if (keep !== undefined) lines.push(`        keep_firing_for: ${keep}`)
    const labels: Record<string, string> = { ...rule.labels, severity: rule.severity }
    lines.push('        labels:')
    for (const key of Object.keys(labels).sort()) {
      if (labelName.test(key)) lines.push(`          ${key}: ${quote(labels[key]!)}`)
    }
    const annotations = rule.annotations ?? {}
    const keys = Object.keys(annotations).sort()
    if (keys.length > 0) {
      lines.push('        annotations:')
      for (const key of keys)
        if (labelName.test(key)) lines.push(`          ${key}: ${quote(annotations[key]!)}`)
    }
  }
  const head: string[] = []
  for (const text of (options.header ?? '').split('\n')) if (text !== '') head.push(`# ${text}`)
  for (const s of skipped) head.push(`# not exported: ${s.name}: ${s.reason.replace(/\n/g, ' ')}`)
  const intervalMs = parseDuration(options.interval)
  const group = [`  - name: ${quote(options.group ?? 'foundation-telemetry')}`]
  if (intervalMs !== undefined && intervalMs > 0) group.push(`    interval: ${formatDuration(intervalMs)}`)
  const body = lines.length === 0 ? ['    rules: []'] : ['    rules:', ...lines]
  const yaml = [...head, 'groups:', ...group, ...body].join('\n') + '\n'
  return { yaml, skipped }
}

/**
 * The same rules as a Prometheus rule file (YAML), for when one process is not enough: load it
 * into Prometheus next to a scrape of the Prometheus exporter. Rules Prometheus cannot express
 * (event rules, aggregates with no PromQL equivalent) are listed in comments at the top.
 *
 * @example
 * ```ts
 * import { toPrometheusRules } from '@foundation-telemetry/alerting/prometheus'
 * writeFileSync('alerts.rules.yml', toPrometheusRules(rules))
 * ```
 */
export function toPrometheusRules(rules: readonly AlertRule[], options?: PrometheusRulesOptions): string {
  return exportPrometheusRules(rules, options).yaml
}

// JSON strings are valid YAML double-quoted scalars.
function quote(text: string): string {
  return JSON.stringify(text)
}
