/**
 * Notifications the demo receives over HTTP: its own alerting engine's webhook notifier and
 * Alertmanager's webhook (both post the Alertmanager webhook format, version 4). Kept bounded,
 * newest first, for the dashboard's alert panel; anything unreadable is counted, not thrown.
 */
import type { Clock } from '@foundation-telemetry/core'

/** One alert as a notification carried it. */
export interface NotifiedAlertView {
  name: string
  state: string
  severity?: string
  summary?: string
}

/** One received notification. */
export interface ReceivedNotification {
  /** Epoch ms received. */
  time: number
  /** `firing` or `resolved`. */
  status: string
  receiver: string
  alerts: NotifiedAlertView[]
}

/** Options of {@link createNotificationFeed}. */
export interface NotificationFeedOptions {
  clock: Clock
  /** Notifications kept. Defaults to 50. */
  limit?: number
}

/** The feed. */
export interface NotificationFeed {
  /** Take a POSTed body; returns false (and counts it) when it is not a webhook notification. */
  receive(body: unknown): boolean
  /** Received notifications, newest first. */
  recent(): ReceivedNotification[]
  /** Bodies that were not notifications. */
  rejected(): number
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

/** Create a feed. */
export function createNotificationFeed(options: NotificationFeedOptions): NotificationFeed {
  const limit = options.limit ?? 50
  const items: ReceivedNotification[] = []
  let rejected = 0
  return {
    receive(body) {
      const b = record(body)
      if (!Array.isArray(b.alerts) || str(b.status) === undefined) {
        rejected++
        return false
      }
      const alerts = b.alerts.slice(0, 100).map((raw): NotifiedAlertView => {
        const a = record(raw)
        const labels = record(a.labels)
        const view: NotifiedAlertView = {
          name: str(labels.alertname) ?? 'unknown',
          state: str(a.status) ?? 'unknown',
        }
        const severity = str(labels.severity)
        if (severity !== undefined) view.severity = severity
        const summary = str(record(a.annotations).summary)
        if (summary !== undefined) view.summary = summary
        return view
      })
      items.unshift({
        time: options.clock.now(),
        status: str(b.status) ?? 'unknown',
        receiver: str(b.receiver) ?? '',
        alerts,
      })
      if (items.length > limit) items.length = limit
      return true
    },
    recent: () => items.slice(),
    rejected: () => rejected,
  }
}
