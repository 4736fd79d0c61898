/**
 * The taxonomy's alert events: `foundation_os.alert.triggered` when an alert fires (with
 * `severity_level` 1 info .. 4 critical) and `foundation_os.alert.resolved` when it resolves (with
 * `final_value` and how long it fired). {@link announceTransitions} emits them as alerts change.
 */
import type { Telemetry } from '@foundation-telemetry/core'
import type { Transition } from './alertState.ts'
import { type RuleEntry, type RuleRuntime, toAlert } from './ruleRuntime.ts'
import type { Alert, MetricRule } from './types.ts'

/** `severity_level` of each severity. */
export const severityLevel: Readonly<Record<string, number>> = { info: 1, warning: 2, error: 3, critical: 4 }

/** Emit `foundation_os.alert.triggered` for a rule's alert that just fired. */
export function emitTriggered(t: Telemetry, rt: RuleRuntime, alert: Alert): void {
  const rule = rt.compiled.rule
  const metricRule = rt.compiled.kind === 'metric' ? (rule as MetricRule) : undefined
  t.execute(
    'foundation_os.alert.triggered',
    { severity_level: severityLevel[rule.severity] ?? 0 },
    {
      name: rule.name,
      severity: rule.severity,
      ...(metricRule === undefined
        ? {}
        : { metric: metricRule.metric, comparator: metricRule.comparator, threshold: metricRule.threshold }),
      current_value: alert.value,
      fingerprint: alert.fingerprint,
      labels: alert.labels,
    },
  )
}

/** Emit `foundation_os.alert.resolved` for a rule's alert that just resolved at `now`. */
export function emitResolved(t: Telemetry, rt: RuleRuntime, alert: Alert, now: number): void {
  const rule = rt.compiled.rule
  const metric = rt.compiled.kind === 'metric' ? (rule as MetricRule).metric : undefined
  t.execute(
    'foundation_os.alert.resolved',
    { duration: now - (alert.firedAt ?? now) },
    {
      name: rule.name,
      severity: rule.severity,
      ...(metric === undefined ? {} : { metric }),
      final_value: alert.value,
      fingerprint: alert.fingerprint,
      labels: alert.labels,
    },
  )
}

/**
 * The evaluator's transition hook: an alert that fired or resolved is emitted as its event, then
 * handed to `route` (notification); pending and dropped alerts are neither.
 */
export function announceTransitions(
  t: Telemetry,
  route: (alert: Alert) => void,
): (rt: RuleRuntime, entry: RuleEntry, transition: Transition, now: number) => void {
  return (rt, entry, transition, now) => {
    if (transition !== 'firing' && transition !== 'resolved') return
    const alert = toAlert(rt, entry)
    if (transition === 'firing') emitTriggered(t, rt, alert)
    else emitResolved(t, rt, alert, now)
    route(alert)
  }
}
