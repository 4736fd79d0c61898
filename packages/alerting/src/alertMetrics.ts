/**
 * Alerting's metrics under the taxonomy's names: alert state per rule (read at collection, like
 * Prometheus' `ALERTS`), evaluation time, rule problems, and notification outcomes.
 */
import { type Counter, type Histogram, sharedGauges, type Telemetry } from '@foundation-telemetry/core'

/** The metric names (taxonomy `foundation_os.alert.*`). */
export const alertMetricNames = {
  state: 'foundation_os.alert.state',
  evaluationDuration: 'foundation_os.alert.evaluation.duration',
  ruleProblems: 'foundation_os.alert.rule.problems',
  notifications: 'foundation_os.alert.notifications',
  retries: 'foundation_os.alert.notification.retries',
  outboxSize: 'foundation_os.alert.outbox.size',
  anomaly: 'foundation_os.alert.anomaly',
} as const

/** What the state gauges read from one alerting instance. */
export interface AlertStateSource {
  /** `observe(count, { alertname, severity, state })` per non-zero combination. */
  observeStates(observe: (value: number, tags: Record<string, string>) => void): void
  /** `observe(size, { notifier })` per notifier. */
  observeOutbox(observe: (value: number, tags: Record<string, string>) => void): void
}

// One callback per gauge instrument serves every alerting instance on the same telemetry.
const attachStateSource = sharedGauges<AlertStateSource>((metrics, sources) => {
  metrics.gauge(alertMetricNames.state, {
    callback: (observe) => {
      for (const s of sources) s.observeStates(observe)
    },
  })
  metrics.gauge(alertMetricNames.outboxSize, {
    callback: (observe) => {
      for (const s of sources) s.observeOutbox(observe)
    },
  })
})

/** The instruments one alerting instance records to. */
export interface AlertMetrics {
  evaluation: Histogram
  problems: Counter
  notifications: Counter
  retries: Counter
  /** Stop reporting this instance's state. */
  detach(): void
}

/** Register `source` for the state gauges and create the instruments. */
export function createAlertMetrics(t: Telemetry, source: AlertStateSource): AlertMetrics {
  const metrics = t.metrics
  const detach = attachStateSource(metrics, source)
  return {
    evaluation: metrics.histogram(alertMetricNames.evaluationDuration),
    problems: metrics.counter(alertMetricNames.ruleProblems),
    notifications: metrics.counter(alertMetricNames.notifications),
    retries: metrics.counter(alertMetricNames.retries),
    detach,
  }
}
