import { defineMetrics } from './metricDefinition.ts'

/**
 * Alerting's own metrics, `foundation_os.alert.*`: alert state in the spirit of Prometheus'
 * `ALERTS`, rule evaluation time, and notification delivery (successes, failures, retries, the
 * outbox). Recorded by `@foundation-telemetry/alerting` directly, not from events.
 */
export const alertingMetrics = defineMetrics('foundation_os', [
  {
    name: 'foundation_os.alert.state',
    kind: 'gauge',
    unit: '{alert}',
    description: 'Alerts per rule, severity and state (pending, firing), like Prometheus ALERTS.',
    tagKeys: ['alertname', 'severity', 'state'],
    recordedByCode: true,
  },
  {
    name: 'foundation_os.alert.anomaly',
    kind: 'gauge',
    unit: '1',
    description: 'Anomaly watcher state per watched metric: 1 anomalous, 0 normal.',
    tagKeys: ['metric'],
    recordedByCode: true,
  },
  {
    name: 'foundation_os.alert.evaluation.duration',
    kind: 'histogram',
    unit: 'ms',
    description: 'Time one evaluation of every alert rule took.',
    tagKeys: [],
    recordedByCode: true,
  },
  {
    name: 'foundation_os.alert.rule.problems',
    kind: 'counter',
    unit: '{problem}',
    description:
      'Rules that could not be evaluated as written (bad field, missing metric), by rule and field.',
    tagKeys: ['alertname', 'field'],
    recordedByCode: true,
  },
  {
    name: 'foundation_os.alert.notifications',
    kind: 'counter',
    unit: '{notification}',
    description: 'Notifications by notifier and outcome (delivered, failed, dropped).',
    tagKeys: ['notifier', 'outcome'],
    recordedByCode: true,
  },
  {
    name: 'foundation_os.alert.notification.retries',
    kind: 'counter',
    unit: '{attempt}',
    description: 'Delivery attempts that failed and were scheduled again, by notifier.',
    tagKeys: ['notifier'],
    recordedByCode: true,
  },
  {
    name: 'foundation_os.alert.outbox.size',
    kind: 'gauge',
    unit: '{notification}',
    description: 'Notifications waiting in the outbox, by notifier.',
    tagKeys: ['notifier'],
    recordedByCode: true,
  },
])
