/**
 * Grouping and notification as Alertmanager does them (`dispatch/dispatch.go`, `notify`'s dedup
 * stage): alerts are grouped by the `by` labels; a new group is flushed after `wait`, then every
 * `interval`; a flush notifies a receiver only when the firing set grew, the last firing alert
 * resolved, a resolved alert is new to it, or `repeat` passed. An alert that fired and resolved
 * within `wait` is never sent. Silenced and inhibited alerts are left out at flush time.
 */
import type { Clock, ClockTimer } from '@foundation-telemetry/core'
import { toGroupedAlert } from './groupedAlert.ts'
import type { Inhibitor } from './inhibition.ts'
import { buildNotification, type GroupedAlert, groupKeyOf } from './notification.ts'
import type { Silences } from './silences.ts'
import type { Alert, Notification } from './types.ts'

/** Grouping timers in ms and the labels to group by. */
export interface GroupingSettings {
  by: readonly string[]
  wait: number
  interval: number
  repeat: number
}

/** What one receiver was last told about one group. */
interface LogEntry {
  firing: ReadonlySet<string>
  resolved: ReadonlySet<string>
  at: number
}

interface Group {
  readonly key: string
  readonly labels: Readonly<Record<string, string>>
  readonly alerts: Map<string, GroupedAlert>
  timer: ClockTimer | undefined
  /** Flush at the end of the current batch (a new group with `wait: 0`). */
  immediate: boolean
}

/** Where flushed notifications go. */
export interface DispatcherSinks {
  /** Send `notification` to `receiver` (through the outbox). */
  send(receiver: string, notification: Notification): void
  /** Firing alerts just told to a first-level receiver (escalation starts from here). */
  notifiedFiring(alerts: readonly GroupedAlert[], groupKey: string, now: number): void
}

/** The dispatcher. */
export class Dispatcher {
  private readonly groups = new Map<string, Group>()
  private readonly log = new Map<string, LogEntry>()
  private readonly immediate: Group[] = []

  private readonly clock: Clock
  private readonly settings: GroupingSettings
  private readonly receivers: readonly string[]
  private readonly silences: Silences
  private readonly inhibitor: Inhibitor
  private readonly sinks: DispatcherSinks
  private readonly urls: { externalURL: string; generatorURL: string }

  constructor(deps: {
    clock: Clock
    settings: GroupingSettings
    /** The receivers of grouped notifications. */
    receivers: readonly string[]
    silences: Silences
    inhibitor: Inhibitor
    sinks: DispatcherSinks
    urls: { externalURL: string; generatorURL: string }
  }) {
    this.clock = deps.clock
    this.settings = deps.settings
    this.receivers = deps.receivers
    this.silences = deps.silences
    this.inhibitor = deps.inhibitor
    this.sinks = deps.sinks
    this.urls = deps.urls
  }

  /** An alert fired or resolved. Pending alerts never reach the dispatcher. */
  ingest(alert: Alert): void {
    const fp = alert.fingerprint
    if (alert.state === 'pending') return
    const groupLabels = this.groupLabels(alert.labels)
    const key = groupKeyOf(groupLabels)
    let group = this.groups.get(key)
    if (alert.state === 'resolved') {
      const held = group?.alerts.get(fp)
      if (held !== undefined) {
        held.status = 'resolved'
        held.endsAt = alert.resolvedAt ?? this.clock.now()
        held.value = alert.value
        held.annotations = alert.annotations
      }
      return
    }
    if (group === undefined) {
      group = { key, labels: groupLabels, alerts: new Map(), timer: undefined, immediate: false }
      this.groups.set(key, group)
      this.schedule(group, this.settings.wait)
    }
    group.alerts.set(fp, toGroupedAlert(alert, undefined))
  }

  /** Flush the groups due at once (`wait: 0`), after a batch of transitions. */
  endBatch(): void {
    while (this.immediate.length > 0) {
      const group = this.immediate.shift()!
      group.immediate = false
      if (this.groups.get(group.key) === group) this.flush(group)
    }
  }

  /** Firing alerts of every group, for inhibition and escalation checks. */
  firingAlerts(): GroupedAlert[] {
    const out: GroupedAlert[] = []
    for (const group of this.groups.values())
      for (const a of group.alerts.values()) if (a.status === 'firing') out.push(a)
    return out
  }

  /** Whether `alert` is silenced or inhibited now. */
  muted(alert: GroupedAlert, firing: readonly GroupedAlert[], now: number): boolean {
    return this.silences.mutes(alert.labels, now) || this.inhibitor.mutes(alert, firing)
  }

  /** Stop every group timer. */
  stop(): void {
    for (const group of this.groups.values()) {
      if (group.timer !== undefined) this.clock.clearTimeout(group.timer)
      group.timer = undefined
    }
  }

  /** Re-arm timers after a stop. */
  resume(): void {
    for (const group of this.groups.values())
      if (group.timer === undefined) this.schedule(group, this.settings.interval)
  }

  private groupLabels(labels: Readonly<Record<string, string>>): Record<string, string> {
    const by = this.settings.by
    if (by.includes('...')) return { ...labels }
    const out: Record<string, string> = {}
    for (const name of by) {
      const v = labels[name]
      if (v !== undefined && v !== '') out[name] = v
    }
    return out
  }

  private schedule(group: Group, delay: number): void {
    if (delay <= 0) {
      if (!group.immediate) {
        group.immediate = true
        this.immediate.push(group)
      }
      return
    }
    group.timer = this.clock.setTimeout(() => {
      group.timer = undefined
      this.flush(group)
    }, delay)
    group.timer.unref?.()
  }

  private flush(group: Group): void {
    const now = this.clock.now()
    const firingEverywhere = this.firingAlerts()
    const visible: GroupedAlert[] = []
    for (const a of group.alerts.values()) if (!this.muted(a, firingEverywhere, now)) visible.push(a)
    const firing = new Set<string>()
    const resolved = new Set<string>()
    for (const a of visible) (a.status === 'firing' ? firing : resolved).add(a.fingerprint)
    for (const receiver of this.receivers) {
      const logKey = `${receiver}\u0000${group.key}`
      const entry = this.log.get(logKey)
      if (!needsUpdate(entry, firing, resolved, this.settings.repeat, now)) continue
      const notification = buildNotification(
        receiver,
        group.key,
        group.labels,
        visible,
        this.urls.externalURL,
        this.urls.generatorURL,
      )
      this.log.set(logKey, { firing, resolved, at: now })
      this.sinks.send(receiver, notification)
    }
    const newlyFiring = visible.filter((a) => a.status === 'firing')
    if (newlyFiring.length > 0) this.sinks.notifiedFiring(newlyFiring, group.key, now)
    // Resolved alerts have been told (or never needed telling): the group forgets them.
    for (const [fp, a] of group.alerts) if (a.status === 'resolved') group.alerts.delete(fp)
    if (group.alerts.size === 0) {
      this.groups.delete(group.key)
      // A receiver told that everything resolved needs no record: a new alert in this group is
      // news to it either way. Records still holding firing alerts stay, so nothing is re-sent.
      for (const receiver of this.receivers) {
        const logKey = `${receiver}\u0000${group.key}`
        if (this.log.get(logKey)?.firing.size === 0) this.log.delete(logKey)
      }
      return
    }
    this.schedule(group, this.settings.interval)
  }
}

/** Alertmanager's dedup decision (`DedupStage.needsUpdate`), every receiver sending resolved notifications. */
export function needsUpdate(
  entry: LogEntry | undefined,
  firing: ReadonlySet<string>,
  resolved: ReadonlySet<string>,
  repeat: number,
  now: number,
): boolean {
  if (entry === undefined) return firing.size > 0
  if (!isSubset(firing, entry.firing)) return true
  // Everything resolved: tell the receiver if it had been told something was firing.
  if (firing.size === 0) return entry.firing.size > 0
  if (!isSubset(resolved, entry.resolved)) return true
  return entry.at + repeat <= now
}

function isSubset(set: ReadonlySet<string>, of: ReadonlySet<string>): boolean {
  for (const x of set) if (!of.has(x)) return false
  return true
}
