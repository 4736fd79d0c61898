/**
 * Feeds notifiers in `alerts` mode (Alertmanager's API) the way Prometheus feeds Alertmanager:
 * after each evaluation, every firing alert and every alert resolved since it was last sent, re-sent
 * every `resendDelay`; firing alerts carry `endsAt` = now + 4 x max(interval, resendDelay), so a
 * receiver resolves them on its own if this process stops sending. Pending alerts are never sent.
 */
import { toGroupedAlert } from './groupedAlert.ts'
import { buildNotification, type GroupedAlert, isoTime } from './notification.ts'
import type { Alert, Notification } from './types.ts'

/** The alerts-mode sender of one notifier. */
export class AlertsSender {
  private readonly lastSent = new Map<string, number>()
  private readonly receiver: string
  private readonly resendMs: number
  private readonly expiryMs: number
  private readonly urls: { externalURL: string; generatorURL: string }

  constructor(
    receiver: string,
    intervalMs: number,
    resendMs: number,
    urls: { externalURL: string; generatorURL: string },
  ) {
    this.receiver = receiver
    this.resendMs = resendMs
    this.expiryMs = 4 * Math.max(intervalMs, resendMs)
    this.urls = urls
  }

  /** The notification due after an evaluation at `now`, or undefined when nothing needs sending. */
  due(alerts: Iterable<Alert>, now: number): Notification | undefined {
    const batch: GroupedAlert[] = []
    const seen = new Set<string>()
    for (const a of alerts) {
      if (a.state === 'pending') continue
      seen.add(a.fingerprint)
      const last = this.lastSent.get(a.fingerprint)
      const resolvedSinceSent = a.state === 'resolved' && (last === undefined || (a.resolvedAt ?? 0) > last)
      if (a.state === 'resolved' && last === undefined) continue
      if (!(resolvedSinceSent || last === undefined || last + this.resendMs <= now)) continue
      this.lastSent.set(a.fingerprint, now)
      batch.push(toGroupedAlert(a, a.state === 'resolved' ? a.resolvedAt : now + this.expiryMs))
    }
    for (const fp of this.lastSent.keys()) if (!seen.has(fp)) this.lastSent.delete(fp)
    if (batch.length === 0) return undefined
    const n = buildNotification(this.receiver, '{}', {}, batch, this.urls.externalURL, this.urls.generatorURL)
    // Firing alerts carry their expiry here (Alertmanager resolves them if the re-sends stop).
    return {
      ...n,
      alerts: n.alerts.map((a, i) => ({ ...a, endsAt: isoTime(batch[i]!.endsAt ?? now + this.expiryMs) })),
    }
  }
}
