/** Alertmanager's API v2: alerts posted as they are, so a fleet's Alertmanager groups and routes them. */

import { guarded, guardedNotifier } from '../guard.ts'
import { type HttpOptions, postJson } from '../http.ts'
import type { Notification, Notifier } from '../types.ts'

/** Options of {@link alertmanagerNotifier}. */
export interface AlertmanagerNotifierOptions extends HttpOptions {
  /** Alertmanager's base URL, e.g. `http://127.0.0.1:9093`. */
  url: string
  /** Defaults to `alertmanager`. */
  name?: string
}

/** The `POST /api/v2/alerts` body for a notification. */
export function alertmanagerPayload(n: Notification): Array<Record<string, unknown>> {
  return guarded(
    'alertmanagerPayload',
    undefined,
    () => {
      return n.alerts.map((a) => {
        const alert: Record<string, unknown> = {
          labels: a.labels,
          annotations: a.annotations,
          startsAt: a.startsAt,
          endsAt: a.endsAt,
        }
        if (a.generatorURL !== '') alert.generatorURL = a.generatorURL
        return alert
      })
    },
    () => [],
  )
}

/**
 * Post alerts to Alertmanager (`POST /api/v2/alerts`) the way Prometheus does: every firing alert
 * after each evaluation (re-sent every `resendDelay`, with an `endsAt` that expires if the re-sends
 * stop) and each resolved alert with its end time. Alertmanager then does the grouping, silencing,
 * inhibition and routing.
 *
 * @example
 * ```ts
 * alertmanagerNotifier({ url: 'http://alertmanager:9093' })
 * ```
 */
export function alertmanagerNotifier(options: AlertmanagerNotifierOptions): Notifier {
  return guardedNotifier('alertmanagerNotifier', 'alertmanager', options, () => {
    const url = `${options.url.replace(/\/+$/, '')}/api/v2/alerts`
    return { mode: 'alerts', send: (n, { signal }) => postJson(url, alertmanagerPayload(n), signal, options) }
  })
}
