import { counter, defineMetrics, gauge, histogram } from './metricDefinition.ts'

/**
 * Alerting's own metrics, `foundation_os.alert.*`: alert state in the spirit of Prometheus'
 * `ALERTS`, rule evaluation time, and notification delivery (successes, failures, retries, the
 * outbox). Recorded by `@foundation-telemetry/alerting` directly, not from events.
 */
export const alertingMetrics = defineMetrics('foundation_os', [
  gauge('foundation_os.alert.state', {
    unit: '{alert}',
    description: 'Alerts per rule, severity and state (pending, firing), like Prometheus ALERTS.',
    tagKeys: ['alertname', 'severity', 'state'],
    recordedByCode: true,
  }),
  gauge('foundation_os.alert.anomaly', {
    unit: '1',
    description: 'Anomaly watcher state per watched metric: 1 anomalous, 0 normal.',
    tagKeys: ['metric'],
    recordedByCode: true,
  }),
  histogram('foundation_os.alert.evaluation.duration', {
    unit: 'ms',
    description: 'Time one evaluation of every alert rule took.',
    tagKeys: [],
    recordedByCode: true,
  }),
  counter('foundation_os.alert.rule.problems', {
    unit: '{problem}',
    description:
      'Rules that could not be evaluated as written (bad field, missing metric), by rule and field.',
    tagKeys: ['alertname', 'field'],
    recordedByCode: true,
  }),
  counter('foundation_os.alert.notifications', {
    unit: '{notification}',
    description: 'Notifications by notifier and outcome (delivered, failed, dropped).',
    tagKeys: ['notifier', 'outcome'],
    recordedByCode: true,
  }),
  counter('foundation_os.alert.notification.retries', {
    unit: '{attempt}',
    description: 'Delivery attempts that failed and were scheduled again, by notifier.',
    tagKeys: ['notifier'],
    recordedByCode: true,
  }),
  gauge('foundation_os.alert.outbox.size', {
    unit: '{notification}',
    description: 'Notifications waiting in the outbox, by notifier.',
    tagKeys: ['notifier'],
    recordedByCode: true,
  }),
])
