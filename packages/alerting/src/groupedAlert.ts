/** An alert as notifiers see it: the one conversion from the rule runtime's {@link Alert}. */
import type { GroupedAlert } from './notification.ts'
import type { Alert } from './types.ts'

/**
 * `alert` as the dispatcher, escalation and `alerts`-mode senders hold it: firing or resolved
 * (a pending alert reads as resolved; callers never pass one), starting when it fired (or became
 * active), ending at `endsAt` (each caller says what a firing alert's end is).
 */
export function toGroupedAlert(alert: Alert, endsAt: number | undefined): GroupedAlert {
  return {
    fingerprint: alert.fingerprint,
    labels: alert.labels,
    annotations: alert.annotations,
    status: alert.state === 'firing' ? 'firing' : 'resolved',
    startsAt: alert.firedAt ?? alert.activeAt,
    endsAt,
    value: alert.value,
  }
}
