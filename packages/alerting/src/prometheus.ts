/**
 * `@foundation-telemetry/alerting/prometheus`: the same alert rules as a Prometheus rule file, over
 * the names and base units the Prometheus exporter writes.
 *
 * @example
 * ```ts
 * import { toPrometheusRules } from '@foundation-telemetry/alerting/prometheus'
 * writeFileSync('deploy/prometheus/rules/app.rules.yml', toPrometheusRules(rules, { interval: '30s' }))
 * ```
 */

export type { PrometheusRulesOptions, PrometheusRulesResult, SkippedRule } from './prometheusRules.ts'
export { exportPrometheusRules, toPrometheusRules } from './prometheusRules.ts'
export type { PromqlResult } from './promql.ts'
export { toPromql } from './promql.ts'
