/** Builds notifications in Alertmanager's webhook shape from the alerts of one group. */
import type { Notification, NotifiedAlert } from './types.ts'

/** Alertmanager writes this `endsAt` for alerts still firing. */
export const ZERO_TIME = '0001-01-01T00:00:00Z'

/** An alert as the dispatcher holds it. */
export interface GroupedAlert {
  readonly fingerprint: string
  labels: Readonly<Record<string, string>>
  annotations: Readonly<Record<string, string>>
  status: 'firing' | 'resolved'
  startsAt: number
  endsAt: number | undefined
  value: number
}

/** RFC 3339 with milliseconds. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString()
}

function common(maps: ReadonlyArray<Readonly<Record<string, string>>>): Record<string, string> {
  const out: Record<string, string> = {}
  const first = maps[0]
  if (first === undefined) return out
  for (const key of Object.keys(first)) {
    const v = first[key]!
    if (maps.every((m) => m[key] === v)) out[key] = v
  }
  return out
}

/** One notification for `receiver` holding `alerts`. */
export function buildNotification(
  receiver: string,
  groupKey: string,
  groupLabels: Readonly<Record<string, string>>,
  alerts: readonly GroupedAlert[],
  externalURL: string,
  generatorURL: string,
): Notification {
  const notified: NotifiedAlert[] = alerts.map((a) => ({
    status: a.status,
    labels: a.labels,
    annotations: a.annotations,
    startsAt: isoTime(a.startsAt),
    endsAt: a.status === 'resolved' && a.endsAt !== undefined ? isoTime(a.endsAt) : ZERO_TIME,
    generatorURL,
    fingerprint: a.fingerprint,
    value: a.value,
  }))
  return {
    receiver,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    groupKey,
    groupLabels,
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL,
    alerts: notified,
  }
}

/** Alertmanager's group key: the route (`{}` for the root) and the group labels. */
export function groupKeyOf(groupLabels: Readonly<Record<string, string>>): string {
  const parts = Object.keys(groupLabels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(groupLabels[k])}`)
  return `{}:{${parts.join(',')}}`
}
