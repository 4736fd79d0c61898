/** Alertmanager's webhook receiver format (version 4), posted to any URL. */

import { guarded, guardedNotifier } from '../guard.ts'
import { type HttpOptions, postJson } from '../http.ts'
import type { Notification, Notifier } from '../types.ts'

/** Options of {@link webhookNotifier}. */
export interface WebhookNotifierOptions extends HttpOptions {
  url: string
  /** Defaults to `webhook`. */
  name?: string
  /** Alerts per message; the rest are counted in `truncatedAlerts`. Defaults to 0 (all). */
  maxAlerts?: number
}

/** The webhook body Alertmanager sends (version 4). */
export function webhookPayload(n: Notification, maxAlerts = 0): Record<string, unknown> {
  return guarded<Record<string, unknown>>(
    'webhookPayload',
    undefined,
    () => {
      const alerts = maxAlerts > 0 ? n.alerts.slice(0, maxAlerts) : n.alerts
      return {
        version: '4',
        groupKey: n.groupKey,
        truncatedAlerts: n.alerts.length - alerts.length,
        status: n.status,
        receiver: n.receiver,
        groupLabels: n.groupLabels,
        commonLabels: n.commonLabels,
        commonAnnotations: n.commonAnnotations,
        externalURL: n.externalURL,
        alerts: alerts.map((a) => ({
          status: a.status,
          labels: a.labels,
          annotations: a.annotations,
          startsAt: a.startsAt,
          endsAt: a.endsAt,
          generatorURL: a.generatorURL,
          fingerprint: a.fingerprint,
        })),
      }
    },
    () => ({ version: '4', truncatedAlerts: 0, alerts: [] }),
  )
}

/**
 * POST each notification to `url` as Alertmanager's webhook JSON (version 4), so receivers written
 * for Alertmanager work unchanged.
 *
 * @example
 * ```ts
 * webhookNotifier({ url: 'http://127.0.0.1:9000/alerts' })
 * ```
 */
export function webhookNotifier(options: WebhookNotifierOptions): Notifier {
  return guardedNotifier('webhookNotifier', 'webhook', options, () => ({
    send: (n, { signal }) => postJson(options.url, webhookPayload(n, options.maxAlerts), signal, options),
  }))
}
