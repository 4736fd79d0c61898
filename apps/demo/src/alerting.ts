/**
 * The demo's alerting: the rule library (circuit breakers, error rates, agents, optimization)
 * plus one rule over the demo's own request errors, evaluated every second, notifying the demo
 * itself through the webhook notifier so the dashboard shows each notification as it arrives.
 */
import {
  type Alert,
  type Alerting,
  type AlertRule,
  createAlerting,
  ruleLibrary,
  webhookNotifier,
} from '@foundation-telemetry/alerting'
import type { Telemetry } from '@foundation-telemetry/core'

/** The demo's own rule: its error ratio over a short window, so the failure phase fires it. */
export const demoRules: readonly AlertRule[] = [
  {
    name: 'DemoHighErrorRatio',
    metric: 'demo.request.errors',
    aggregate: 'ratio',
    denominator: 'demo.requests',
    window: '5s',
    comparator: '>',
    threshold: 0.2,
    series: 'merged',
    severity: 'warning',
    annotations: { summary: 'More than 20% of demo requests failed over 5 s' },
  },
]

/** One alert as `/api/alerts` lists it. */
export interface AlertView {
  name: string
  state: string
  severity: string
  labels: Readonly<Record<string, string>>
  summary: string
  since: number
}

/** Start alerting on `t`, notifying `notifyUrl` (the demo's own `/api/notifications`). */
export function startDemoAlerting(t: Telemetry, notifyUrl: string): Alerting {
  const alerting = createAlerting({
    telemetry: t,
    interval: '1s',
    rules: [...ruleLibrary, ...demoRules],
    notifiers: [webhookNotifier({ url: notifyUrl, name: 'dashboard' })],
    // Notify at once and on every change: the dashboard is for watching, not paging.
    grouping: { by: ['alertname'], wait: 0, interval: '1s', repeat: '1m' },
  })
  alerting.start()
  return alerting
}

/** The alerts of `alerting` for the dashboard: firing first, then pending, then resolved. */
export function alertViews(alerting: Alerting | undefined): AlertView[] {
  if (alerting === undefined) return []
  const order: Record<string, number> = { firing: 0, pending: 1, resolved: 2 }
  return alerting
    .alerts()
    .map((a: Alert) => ({
      name: a.name,
      state: a.state,
      severity: a.labels.severity ?? '',
      labels: a.labels,
      summary: a.annotations.summary ?? '',
      since: a.since,
    }))
    .sort((a, b) => (order[a.state] ?? 3) - (order[b.state] ?? 3) || b.since - a.since)
}
