/**
 * `@foundation-telemetry/alerting`: alert rules over core's rolling windows and over events, with
 * Prometheus' alert lifecycle, Alertmanager's grouping, silences and inhibition, escalation,
 * notifiers that retry from an outbox, a rule library with SLO burn-rate rules, baselines and
 * anomaly detectors. `@foundation-telemetry/alerting/prometheus` writes the same rules as a
 * Prometheus rule file.
 *
 * @example
 * ```ts
 * import { createAlerting, webhookNotifier } from '@foundation-telemetry/alerting'
 *
 * const alerting = createAlerting({
 *   telemetry: t,
 *   rules: [{ name: 'HighErrorRate', metric: 'foundation.error_rate', aggregate: 'value', comparator: '>', threshold: 0.05, for: '1m', severity: 'warning' }],
 *   notifiers: [webhookNotifier({ url: 'http://127.0.0.1:9000/alerts' })],
 * })
 * alerting.start()
 * ```
 */

// The engine

export type { Alerting, AlertingOptions, GroupingOptions } from './alerting.ts'
export { alertSeverities, createAlerting } from './alerting.ts'
export { alertMetricNames } from './alertMetrics.ts'
export { comparators } from './comparator.ts'
export { aggregates } from './compileRule.ts'
export { formatDuration, parseDuration } from './duration.ts'
export { fingerprint } from './fingerprint.ts'
export type {
  Aggregate,
  Alert,
  AlertRule,
  AlertState,
  Comparator,
  Duration,
  EventRule,
  MetricRule,
  NoDataPolicy,
  Notification,
  NotifiedAlert,
  Notifier,
  RuleBase,
  RuleStatus,
  SendContext,
  Severity,
} from './types.ts'

// Silences, inhibition, escalation, outbox

export type { EscalationLevel, EscalationOptions } from './escalation.ts'
export type { InhibitRule } from './inhibition.ts'
export type { Matcher, MatcherInput, MatchersInput } from './matchers.ts'
export type { OutboxOptions } from './outbox.ts'
export type { Silence, SilenceOptions } from './silences.ts'

// Notifiers

export type { HttpOptions } from './http.ts'
export { NotifierError, NotifierErrorCode } from './notifierError.ts'
export type { AlertmanagerNotifierOptions } from './notifiers/alertmanager.ts'
export { alertmanagerNotifier, alertmanagerPayload } from './notifiers/alertmanager.ts'
export type { PagerDutyNotifierOptions } from './notifiers/pagerDuty.ts'
export { pagerDutyEvent, pagerDutyNotifier } from './notifiers/pagerDuty.ts'
export type { SlackNotifierOptions } from './notifiers/slack.ts'
export { slackNotifier, slackPayload } from './notifiers/slack.ts'
export type { WebhookNotifierOptions } from './notifiers/webhook.ts'
export { webhookNotifier, webhookPayload } from './notifiers/webhook.ts'

// Rule library, SLOs

export { CACHE_LATENCY_METRIC, foundationRules, healthRules, ruleLibrary } from './ruleLibrary.ts'
export type { SloOptions } from './slo.ts'
export { burnRateWindows, sloBurnRateRules } from './slo.ts'

// Baselines and anomalies

export type { AnomalyDetector, AnomalyResult, EwmaDetectorOptions, MadDetectorOptions } from './anomaly.ts'
export { createEwmaDetector, createMadDetector } from './anomaly.ts'
export type { AnomalyWatcher, AnomalyWatcherOptions } from './anomalyWatcher.ts'
export { ANOMALY_METRIC, createAnomalyWatcher } from './anomalyWatcher.ts'
export type { BaselineStats, Degradation, PerformanceMonitor, PerformanceMonitorOptions } from './baseline.ts'
export { createPerformanceMonitor, defaultBaselineMetrics } from './baseline.ts'
export type { FlapGuardOptions, FlapVerdict } from './flapGuard.ts'
export { FlapGuard } from './flapGuard.ts'
