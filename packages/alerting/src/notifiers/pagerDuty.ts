/** PagerDuty Events API v2: a trigger per firing alert, a resolve per resolved one, one `dedup_key` per alert. */

import { guarded, guardedNotifier } from '../guard.ts'
import { type HttpOptions, postJson } from '../http.ts'
import type { NotifiedAlert, Notifier } from '../types.ts'

/** Options of {@link pagerDutyNotifier}. */
export interface PagerDutyNotifierOptions extends HttpOptions {
  /** The integration's routing key. */
  routingKey: string
  /** Defaults to `https://events.pagerduty.com/v2/enqueue`. */
  url?: string
  /** Defaults to `pagerduty`. */
  name?: string
  /** `payload.source`. Defaults to the `instance` or `service` label, else `foundation-telemetry`. */
  source?: string
  component?: string
  group?: string
  class?: string
}

const severities = new Set(['critical', 'error', 'warning', 'info'])

/** The Events v2 body for one alert. */
export function pagerDutyEvent(a: NotifiedAlert, options: PagerDutyNotifierOptions): Record<string, unknown> {
  return guarded(
    'pagerDutyEvent',
    undefined,
    () => {
      // The alert's fingerprint: the same alert triggers and resolves the same incident.
      const base = { routing_key: options.routingKey, dedup_key: a.fingerprint }
      if (a.status === 'resolved') return { ...base, event_action: 'resolve' }
      const name = a.labels.alertname ?? 'alert'
      const summary = a.annotations.summary ?? a.annotations.description ?? name
      const severity = severities.has(a.labels.severity ?? '') ? a.labels.severity : 'error'
      const payload: Record<string, unknown> = {
        summary: `${name}: ${summary}`.slice(0, 1024),
        source: options.source ?? a.labels.instance ?? a.labels.service ?? 'foundation-telemetry',
        severity,
        timestamp: a.startsAt,
        custom_details: {
          labels: a.labels,
          annotations: a.annotations,
          value: Number.isNaN(a.value) ? null : a.value,
        },
      }
      if (options.component !== undefined) payload.component = options.component
      if (options.group !== undefined) payload.group = options.group
      if (options.class !== undefined) payload.class = options.class
      return { ...base, event_action: 'trigger', payload }
    },
    () => ({}),
  )
}

/**
 * Send alerts to PagerDuty (Events API v2). Each alert is its own event with its fingerprint as
 * `dedup_key`, so a retried notification never opens a second incident.
 *
 * @example
 * ```ts
 * pagerDutyNotifier({ routingKey: process.env.PD_ROUTING_KEY! })
 * ```
 */
export function pagerDutyNotifier(options: PagerDutyNotifierOptions): Notifier {
  return guardedNotifier('pagerDutyNotifier', 'pagerduty', options, () => {
    const url = options.url ?? 'https://events.pagerduty.com/v2/enqueue'
    return {
      async send(n, { signal }) {
        for (const a of n.alerts) await postJson(url, pagerDutyEvent(a, options), signal, options)
      },
    }
  })
}
