/**
 * `createAlerting`: composes the pieces around one telemetry instance and one clock: the reporter
 * and metrics, the compiled rules, their routing to notifiers (`alertRouting.ts`), the evaluator
 * and when it runs (`evaluationLoop.ts`), and the handlers event rules listen through.
 */
import type { Clock, Telemetry } from '@foundation-telemetry/core'
import { announceTransitions } from './alertEvents.ts'
import { createAlertMetrics } from './alertMetrics.ts'
import { createAlertRouting } from './alertRouting.ts'
import { severities } from './compileRule.ts'
import type { EscalationOptions } from './escalation.ts'
import { EvaluationLoop } from './evaluationLoop.ts'
import { Evaluator } from './evaluator.ts'
import { attachEventRules } from './eventRuleListeners.ts'
import { guarded } from './guard.ts'
import type { InhibitRule } from './inhibition.ts'
import { readNotifiers } from './notifierOptions.ts'
import type { OutboxOptions } from './outbox.ts'
import { createReporter } from './reporting.ts'
import { observeAlertStates } from './ruleRuntime.ts'
import { activeAlerts, compileRules, ruleStatuses } from './ruleSet.ts'
import type { Silence, SilenceOptions } from './silences.ts'
import type { Alert, AlertRule, Duration, Notifier, RuleStatus } from './types.ts'

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
  /**
   * Evaluate every rule now. Resolves once evaluated; notifications are delivered in the background.
   * After {@link stop} it does nothing (no evaluation, no delivery) and reports the misuse.
   */
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

const STOPPED = 'called after stop(); a stopped engine evaluates and sends nothing'

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
    observeStates: (observe) => observeAlertStates(rules.runtimes, observe),
    observeOutbox(observe) {
      for (const name of notifiers.keys()) observe(routing.outbox.pending(name), { notifier: name })
    },
  })
  const report = createReporter(t, metrics)
  const intervalMs = report.duration('interval', options.interval, 30_000, false)
  const urls = { externalURL: options.externalURL ?? '', generatorURL: options.generatorURL ?? '' }
  const notifiers = readNotifiers(options.notifiers, (message) => report.option('notifiers', message))
  const rules = compileRules(options.rules ?? [], report.rule)
  const routing = createAlertRouting(options, { clock, rules, notifiers, intervalMs, urls, report })
  const evaluator = new Evaluator(t.metrics, rules.runtimes, {
    transition: announceTransitions(t, routing.route),
    problem: report.rule,
  })
  const loop = new EvaluationLoop({
    clock,
    intervalMs,
    evaluate(now) {
      evaluator.evaluate(now)
      routing.evaluated(now)
    },
    duration: metrics.evaluation,
    failed: (error) => report.option('evaluate', `evaluation failed: ${String(error)}`),
  })
  const resumeOutbox = () => routing.outbox.resume()
  const detachEventRules = attachEventRules(t, `alerting.${id}`, rules.runtimes, {
    clock,
    evaluator,
    dispatcher: routing.dispatcher,
    loop,
  })

  return {
    start() {
      // A stopped engine stays stopped: its handlers are detached.
      loop.start(() => {
        evaluator.prime()
        routing.resume()
      })
    },
    async evaluate() {
      // A stopped engine stays stopped: evaluating would restart deliveries the user stopped.
      if (loop.stopped) return report.option('evaluate', STOPPED)
      loop.run(resumeOutbox)
    },
    silence: (silenceOptions) => routing.silence(silenceOptions),
    expireSilence: (silenceId) => routing.expireSilence(silenceId),
    silences: () => routing.silences(),
    acknowledge: (alertId) => routing.acknowledge(alertId),
    alerts: () => activeAlerts(rules),
    rules: () => ruleStatuses(rules),
    flush: () => routing.outbox.settled(),
    async stop() {
      loop.stop()
      detachEventRules()
      routing.stop()
      metrics.detach()
      await routing.outbox.settled()
    },
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
