/**
 * Where alerts go once they fire or resolve: grouped notifications through the dispatcher
 * (silences and inhibition applied at flush), escalation past the first level while an alert
 * fires unacknowledged and unmuted, `alerts`-mode notifiers (Alertmanager) fed after each
 * evaluation, and the outbox every notification is delivered through. The options of these parts
 * are read here, each bad one reported through the engine's reporter.
 */
import type { Clock } from '@foundation-telemetry/core'
import type { AlertingOptions, GroupingOptions } from './alerting.ts'
import { Dispatcher, type GroupingSettings } from './dispatcher.ts'
import { Escalator } from './escalation.ts'
import { toGroupedAlert } from './groupedAlert.ts'
import { Inhibitor } from './inhibition.ts'
import { splitReceivers } from './notifierOptions.ts'
import { Outbox } from './outbox.ts'
import type { AlertingReporter } from './reporting.ts'
import { toAlert } from './ruleRuntime.ts'
import { acknowledgeAlerts, activeAlerts, findAlertEntry, type RuleSet } from './ruleSet.ts'
import { type Silence, type SilenceOptions, Silences } from './silences.ts'
import type { Alert, Notification, Notifier } from './types.ts'

/** The options routing reads (documented on {@link AlertingOptions}). */
export type RoutingOptions = Pick<
  AlertingOptions,
  'inhibit' | 'escalation' | 'outbox' | 'resendDelay' | 'grouping'
>

/** What routing is built on. */
export interface AlertRoutingDeps {
  clock: Clock
  rules: RuleSet
  notifiers: ReadonlyMap<string, Notifier>
  /** The evaluation interval in ms (`alerts`-mode alerts expire after 4 of these or of resends). */
  intervalMs: number
  urls: { externalURL: string; generatorURL: string }
  report: Pick<AlertingReporter, 'option' | 'duration' | 'outbox'>
}

/** The notification side of one alerting engine. */
export interface AlertRouting {
  /** Delivers every notification (its queue sizes are a metric; `flush` waits on it). */
  readonly outbox: Outbox
  /** Event handlers end their batch on it directly, with no layer in between. */
  readonly dispatcher: Dispatcher
  /** An alert that just fired or resolved (a plain function: pass it on as it is). */
  readonly route: (alert: Alert) => void
  /** An evaluation at `now` ended: flush the groups due at once and feed `alerts`-mode notifiers. */
  evaluated(now: number): void
  /** Add a silence; a refused one is reported (`silence`) and gives undefined. */
  silence(options: SilenceOptions): string | undefined
  expireSilence(id: string): boolean
  silences(): Silence[]
  /** Acknowledge an alert by fingerprint, or every alert of a rule by name: its escalation stops. */
  acknowledge(id: string): boolean
  /** Deliver again and re-arm group timers (after a stop). */
  resume(): void
  /** Stop group and escalation timers and deliveries. */
  stop(): void
}

/** Grouping with Alertmanager's defaults; a bad duration is reported and its default used. */
export function groupingSettings(
  grouping: GroupingOptions | undefined,
  duration: AlertingReporter['duration'],
): GroupingSettings {
  const g = grouping ?? {}
  return {
    by: Array.isArray(g.by) ? g.by : ['alertname'],
    wait: duration('grouping.wait', g.wait, 30_000),
    interval: duration('grouping.interval', g.interval, 300_000, false),
    repeat: duration('grouping.repeat', g.repeat, 14_400_000, false),
  }
}

/** Build the routing of alerts from `rules` to `notifiers`. */
export function createAlertRouting(options: RoutingOptions, deps: AlertRoutingDeps): AlertRouting {
  const { clock, rules, notifiers, urls, report } = deps
  const outbox = new Outbox(clock, notifiers, report.outbox, options.outbox)
  const send = (receiver: string, notification: Notification) => outbox.enqueue(receiver, notification)
  const silences = new Silences()
  const inhibitor = new Inhibitor(options.inhibit, (i, message) => report.option(`inhibit[${i}]`, message))
  const escalator = new Escalator(
    options.escalation,
    { clock, send, urls, stillEscalating },
    (field, message) => report.option(`escalation.${field}`, message),
  )
  const resendMs = report.duration('resendDelay', options.resendDelay, 60_000, false)
  const timing = { intervalMs: deps.intervalMs, resendMs }
  const { grouped, alertSenders } = splitReceivers(notifiers, escalator.escalationOnly(), timing, urls)
  const dispatcher = new Dispatcher({
    clock,
    settings: groupingSettings(options.grouping, report.duration),
    receivers: grouped,
    silences,
    inhibitor,
    sinks: { send, notifiedFiring: (alerts, groupKey, now) => escalator.started(alerts, groupKey, now) },
    urls,
  })

  function stillEscalating(fingerprint: string): boolean {
    const found = findAlertEntry(rules, fingerprint)
    if (found === undefined || found.entry.instance.state !== 'firing' || found.entry.instance.acknowledged)
      return false
    const current = toAlert(found.rt, found.entry)
    const alert = toGroupedAlert(current, current.resolvedAt)
    return !dispatcher.muted(alert, dispatcher.firingAlerts(), clock.now())
  }

  return {
    outbox,
    dispatcher,
    route: (alert) => {
      if (alert.state === 'resolved')
        escalator.resolved(alert.fingerprint, toGroupedAlert(alert, alert.resolvedAt))
      dispatcher.ingest(alert)
    },
    evaluated(now) {
      dispatcher.endBatch()
      if (alertSenders.length === 0) return
      const current = activeAlerts(rules)
      for (const sender of alertSenders) {
        const n = sender.due(current, now)
        if (n !== undefined) send(n.receiver, n)
      }
    },
    silence(silenceOptions) {
      const result = silences.add(silenceOptions, clock.now())
      if ('error' in result) {
        report.option('silence', result.error)
        return undefined
      }
      return result.id
    },
    expireSilence: (id) => silences.expire(id, clock.now()),
    silences: () => silences.list(clock.now()),
    acknowledge: (id) => acknowledgeAlerts(rules, id, (fp) => escalator.acknowledge(fp)),
    resume() {
      outbox.resume()
      dispatcher.resume()
    },
    stop() {
      dispatcher.stop()
      escalator.stop()
      outbox.stop()
    },
  }
}
