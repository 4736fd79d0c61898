/**
 * `createAlerting`: composes the pieces (rule compiler, evaluator, dispatcher, silences,
 * inhibition, escalation, outbox, metrics) around one telemetry instance and one clock.
 */
import type { Clock, Telemetry } from '@foundation-telemetry/core'
import { announceTransitions } from './alertEvents.ts'
import { createAlertMetrics } from './alertMetrics.ts'
import { severities } from './compileRule.ts'
import { Dispatcher } from './dispatcher.ts'
import { type EscalationOptions, Escalator } from './escalation.ts'
import { EvaluationLoop } from './evaluationLoop.ts'
import { Evaluator } from './evaluator.ts'
import { attachEventRules } from './eventRuleListeners.ts'
import { guarded } from './guard.ts'
import { Inhibitor, type InhibitRule } from './inhibition.ts'
import type { GroupedAlert } from './notification.ts'
import { readNotifiers, splitReceivers } from './notifierOptions.ts'
import { Outbox, type OutboxOptions } from './outbox.ts'
import { createReporter } from './reporting.ts'
import { observeAlertStates, toAlert } from './ruleRuntime.ts'
import { acknowledgeAlerts, activeAlerts, compileRules, findAlertEntry, ruleStatuses } from './ruleSet.ts'
import { type Silence, type SilenceOptions, Silences } from './silences.ts'
import type { Alert, AlertRule, Duration, Notification, Notifier, RuleStatus } from './types.ts'

/** Grouping of notifications, with Alertmanager's defaults. */
export interface GroupingOptions {
  /** Labels alerts are grouped by; `['...']` groups by every label. Defaults to `['alertname']`. */
  by?: readonly string[]
  /** Wait before a new group's first notification. Defaults to 30 s; 0 sends at once. */
  wait?: Duration
  /** Wait between notifications of a group about new or resolved alerts. Defaults to 5 min. */
  interval?: Duration
  /** Wait before repeating a notification nothing changed in. Defaults to 4 h. */
  repeat?: Duration
}

/** Options of {@link createAlerting}. */
export interface AlertingOptions {
  telemetry: Telemetry
  /** Defaults to the telemetry's clock. */
  clock?: Clock
  /** Evaluation interval on the clock. Defaults to 30 s. */
  interval?: Duration
  rules: readonly AlertRule[]
  notifiers?: readonly Notifier[]
  grouping?: GroupingOptions
  inhibit?: readonly InhibitRule[]
  escalation?: EscalationOptions
  outbox?: OutboxOptions
  /** How often `alerts`-mode notifiers (Alertmanager) get unchanged alerts again. Defaults to 1 min. */
  resendDelay?: Duration
  /** `externalURL` in notifications. Defaults to `''`. */
  externalURL?: string
  /** `generatorURL` of every alert. Defaults to `''`. */
  generatorURL?: string
}

/** A running alerting engine. */
export interface Alerting {
  /** Evaluate every `interval` on the clock (and start rolling windows the rules read). */
  start(): void
  /** Evaluate every rule now. Resolves once evaluated; notifications are delivered in the background. */
  evaluate(): Promise<void>
  /** Mute alerts matching `matchers` until `endsAt`. Returns the silence id, or undefined when refused (reported). */
  silence(options: SilenceOptions): string | undefined
  /** End a silence now. */
  expireSilence(id: string): boolean
  /** Silences with their status. */
  silences(): Silence[]
  /** Acknowledge an alert (by fingerprint, or every alert of a rule by name): escalation stops. */
  acknowledge(id: string): boolean
  /** Every pending, firing and recently resolved alert. */
  alerts(): Alert[]
  /** Every rule with its health (`ok`, `nodata`, `error`), invalid rules included. */
  rules(): RuleStatus[]
  /** Resolves once no delivery is in flight and the outbox file is written. */
  flush(): Promise<void>
  /** Stop evaluating and notifying. Queued notifications stay in the outbox file, if any. */
  stop(): Promise<void>
}

let instances = 0

/**
 * Create an alerting engine over `telemetry`'s metrics and events.
 *
 * @example
 * ```ts
 * const alerting = createAlerting({
 *   telemetry: t,
 *   rules: [{ name: 'HighErrorRate', metric: 'foundation.error_rate', aggregate: 'value', comparator: '>', threshold: 0.05, for: '1m', severity: 'warning' }],
 *   notifiers: [webhookNotifier({ url: 'http://127.0.0.1:9000/hook' })],
 * })
 * alerting.start()
 * ```
 */
export function createAlerting(options: AlertingOptions): Alerting {
  return guarded('createAlerting', options, () => buildAlerting(options), inertAlerting)
}

function buildAlerting(options: AlertingOptions): Alerting {
  const t = options.telemetry
  const clock = options.clock ?? t.clock
  const id = ++instances
  // The sources are read at collection time, after everything below exists.
  const metrics = createAlertMetrics(t, {
    observeStates(observe) {
      observeAlertStates(runtimes, observe)
    },
    observeOutbox(observe) {
      for (const name of notifiers.keys()) observe(outbox.pending(name), { notifier: name })
    },
  })
  const report = createReporter(t, metrics)
  const problem = report.rule
  const optionProblem = report.option
  const duration = report.duration

  const intervalMs = duration('interval', options.interval, 30_000, false)
  const urls = { externalURL: options.externalURL ?? '', generatorURL: options.generatorURL ?? '' }

  const notifiers = readNotifiers(options.notifiers, (message) => optionProblem('notifiers', message))
  const rules = compileRules(options.rules ?? [], problem)
  const runtimes = rules.runtimes

  const outbox = new Outbox(clock, notifiers, report.outbox, options.outbox)

  const silences = new Silences()
  const inhibitor = new Inhibitor(options.inhibit, (i, message) => optionProblem(`inhibit[${i}]`, message))

  const send = (receiver: string, notification: Notification) => outbox.enqueue(receiver, notification)
  const escalator = new Escalator(
    options.escalation,
    {
      clock,
      send,
      urls,
      stillEscalating: (fp) => {
        const found = findAlertEntry(rules, fp)
        if (
          found === undefined ||
          found.entry.instance.state !== 'firing' ||
          found.entry.instance.acknowledged
        )
          return false
        const alert = toGrouped(toAlert(found.rt, found.entry))
        return !dispatcher.muted(alert, dispatcher.firingAlerts(), clock.now())
      },
    },
    (field, message) => optionProblem(`escalation.${field}`, message),
  )
  const resendMs = duration('resendDelay', options.resendDelay, 60_000, false)
  const { grouped, alertSenders } = splitReceivers(
    notifiers,
    escalator.escalationOnly(),
    { intervalMs, resendMs },
    urls,
  )
  const g = options.grouping ?? {}
  const dispatcher = new Dispatcher({
    clock,
    settings: {
      by: Array.isArray(g.by) ? g.by : ['alertname'],
      wait: duration('grouping.wait', g.wait, 30_000),
      interval: duration('grouping.interval', g.interval, 300_000, false),
      repeat: duration('grouping.repeat', g.repeat, 14_400_000, false),
    },
    receivers: grouped,
    silences,
    inhibitor,
    sinks: { send, notifiedFiring: (alerts, groupKey, now) => escalator.started(alerts, groupKey, now) },
    urls,
  })

  const route = (alert: Alert) => {
    if (alert.state === 'resolved') escalator.resolved(alert.fingerprint, toGrouped(alert))
    dispatcher.ingest(alert)
  }

  const evaluator = new Evaluator(t.metrics, runtimes, { transition: announceTransitions(t, route), problem })

  const loop = new EvaluationLoop(clock, intervalMs, {
    evaluate(now) {
      evaluator.evaluate(now)
      dispatcher.endBatch()
      if (alertSenders.length > 0) {
        const current = alertsNow()
        for (const sender of alertSenders) {
          const n = sender.due(current, now)
          if (n !== undefined) send(n.receiver, n)
        }
      }
    },
    duration: metrics.evaluation,
    failed: (error) => optionProblem('evaluate', `evaluation failed: ${String(error)}`),
  })
  const resumeOutbox = () => outbox.resume()
  const detachEventRules = attachEventRules(t, `alerting.${id}`, runtimes, {
    clock,
    evaluator,
    dispatcher,
    loop,
  })

  const alertsNow = (): Alert[] => activeAlerts(rules)

  return {
    start() {
      // A stopped engine stays stopped: its handlers are detached.
      loop.start(() => {
        evaluator.prime()
        outbox.resume()
        dispatcher.resume()
      })
    },
    async evaluate() {
      loop.run(resumeOutbox)
    },
    silence(silenceOptions) {
      const result = silences.add(silenceOptions, clock.now())
      if ('error' in result) {
        optionProblem('silence', result.error)
        return undefined
      }
      return result.id
    },
    expireSilence: (silenceId) => silences.expire(silenceId, clock.now()),
    silences: () => silences.list(clock.now()),
    acknowledge: (alertId) => acknowledgeAlerts(rules, alertId, (fp) => escalator.acknowledge(fp)),
    alerts: alertsNow,
    rules: () => ruleStatuses(rules),
    flush: () => outbox.settled(),
    async stop() {
      loop.stop()
      detachEventRules()
      dispatcher.stop()
      escalator.stop()
      outbox.stop()
      metrics.detach()
      await outbox.settled()
    },
  }
}

function toGrouped(alert: Alert): GroupedAlert {
  return {
    fingerprint: alert.fingerprint,
    labels: alert.labels,
    annotations: alert.annotations,
    status: alert.state === 'firing' ? 'firing' : 'resolved',
    startsAt: alert.firedAt ?? alert.activeAt,
    endsAt: alert.resolvedAt,
    value: alert.value,
  }
}

/** The severities, lowest first (`severity_level` 1 to 4 in events). */
export const alertSeverities = severities

/** The engine returned when the options could not be used: no rules, nothing evaluated or sent. */
function inertAlerting(): Alerting {
  return {
    start() {},
    evaluate: async () => {},
    silence: () => undefined,
    expireSilence: () => false,
    silences: () => [],
    acknowledge: () => false,
    alerts: () => [],
    rules: () => [],
    flush: async () => {},
    stop: async () => {},
  }
}
