/**
 * The public shapes of alerting: rules, alerts, notifications and notifiers. Behaviour lives in
 * the files named after each concept; this file only names things.
 */
import type { Measurements, Metadata, Tags } from '@foundation-telemetry/core'

/** Comparators are always explicit: a rule never guesses whether "below" or "above" is bad. */
export type Comparator = '>' | '>=' | '<' | '<=' | '==' | '!='

/**
 * What a metric rule reads from core's metrics: `value` (the latest value of a gauge, or a
 * counter's total), `rate` / `increase` (per second / total over the window), `ratio` (of
 * `metric` over `denominator` over the window), `avg`, `min`, `max` and quantiles over the window.
 */
export type Aggregate =
  | 'value'
  | 'rate'
  | 'increase'
  | 'ratio'
  | 'avg'
  | 'min'
  | 'max'
  | 'p50'
  | 'p90'
  | 'p95'
  | 'p99'

/** Severities, lowest first; `severity_level` in events is the position (1 to 4). */
export type Severity = 'info' | 'warning' | 'error' | 'critical'

/** A duration: milliseconds, or a Prometheus duration string (`30s`, `5m`, `1h30m`, `3d`). */
export type Duration = number | string

/** What a rule does when it has no data: `ok` (the condition is false), `alerting` (true), `keep` (state unchanged). */
export type NoDataPolicy = 'ok' | 'alerting' | 'keep'

/** Fields every rule shares. */
export interface RuleBase {
  /** The alert name (`alertname` label). Rules may share a name when their labels differ. */
  name: string
  severity: Severity
  /** How long the condition must hold at every evaluation before the alert fires. Defaults to 0 (at once). */
  for?: Duration
  /** How long a firing alert keeps firing after its condition cleared. Defaults to 0. */
  keepFiringFor?: Duration
  /** Extra labels on every alert of the rule (identity, grouping and routing use them). */
  labels?: Readonly<Record<string, string>>
  /** Annotations; `{{ $value }}` and `{{ $labels.key }}` are filled in as Prometheus does. */
  annotations?: Readonly<Record<string, string>>
}

/** A rule over a metric of core's metric store. */
export interface MetricRule extends RuleBase {
  metric: string
  aggregate: Aggregate
  comparator: Comparator
  threshold: number
  /**
   * The window of `rate`, `increase`, `ratio`, `avg`, `min`, `max` and quantiles. A list means the
   * condition must hold over every window (multi-window burn-rate alerts). Defaults to 1 m.
   */
  window?: Duration | readonly Duration[]
  /** The denominator of `ratio` (the numerator is `metric`). */
  denominator?: string
  /** Only series whose tags equal these. */
  tags?: Tags
  /**
   * `each` (default): one alert per series, labelled with the series' tags, as Prometheus does.
   * `merged`: every series merged into one value and one alert.
   */
  series?: 'each' | 'merged'
  /** What to do when the metric has no data. Defaults to `ok`. */
  noData?: NoDataPolicy
  /** The metric's unit when it is not in the taxonomy (used by the Prometheus export). */
  unit?: string
}

/** A rule over events: `when` sets the condition, `resolveWhen` clears it. */
export interface EventRule extends RuleBase {
  /** One event name or a list. */
  event: string | readonly string[]
  /** The condition became true. A `when` that throws is reported and read as false. */
  when: (measurements: Measurements, metadata: Metadata) => boolean
  /**
   * The condition became false. Without it the condition holds from the event until the next
   * evaluation (so `keepFiringFor` decides how long such an alert stays).
   */
  resolveWhen?: (measurements: Measurements, metadata: Metadata) => boolean
  /** Metadata keys whose values become labels, one alert per distinct set (e.g. `['name']` per breaker). */
  by?: readonly string[]
}

/** Either kind of rule. */
export type AlertRule = MetricRule | EventRule

/** The states an alert is reported in. */
export type AlertState = 'pending' | 'firing' | 'resolved'

/** One alert: one label set of one rule. */
export interface Alert {
  name: string
  state: AlertState
  /** `alertname`, `severity`, the rule's labels and the series' tags. */
  labels: Readonly<Record<string, string>>
  annotations: Readonly<Record<string, string>>
  /** The value that was compared (NaN without data). */
  value: number
  /** Epoch ms the alert entered its current state. */
  since: number
  /** Alertmanager's fingerprint of the labels (16 hex digits). */
  fingerprint: string
  /** Epoch ms the condition first held (pending start). */
  activeAt: number
  /** Epoch ms the alert fired, or undefined while pending. */
  firedAt?: number
  /** Epoch ms the alert resolved. */
  resolvedAt?: number
  /** Whether someone acknowledged it (stops escalation). */
  acknowledged: boolean
}

/** One alert inside a notification, in Alertmanager's webhook shape plus the value. */
export interface NotifiedAlert {
  status: 'firing' | 'resolved'
  labels: Readonly<Record<string, string>>
  annotations: Readonly<Record<string, string>>
  /** RFC 3339. */
  startsAt: string
  /** RFC 3339; `0001-01-01T00:00:00Z` while firing, as Alertmanager writes it. */
  endsAt: string
  generatorURL: string
  fingerprint: string
  value: number
}

/** What a notifier is asked to send: one group's alerts, as Alertmanager's webhook describes them. */
export interface Notification {
  /** The notifier's name. */
  receiver: string
  /** `firing` when any alert fires, else `resolved`. */
  status: 'firing' | 'resolved'
  groupKey: string
  groupLabels: Readonly<Record<string, string>>
  commonLabels: Readonly<Record<string, string>>
  commonAnnotations: Readonly<Record<string, string>>
  externalURL: string
  alerts: readonly NotifiedAlert[]
  /** The escalation level this notification was sent for (0 first). */
  escalationLevel?: number
}

/** Passed to {@link Notifier.send}. */
export interface SendContext {
  /** Aborted when the delivery timed out: stop the request. */
  signal: AbortSignal
}

/**
 * A notifier delivers notifications. `send` resolves on success and rejects on failure; a
 * rejection with a {@link NotifierError} says whether to retry and when.
 */
export interface Notifier {
  readonly name: string
  send(notification: Notification, context: SendContext): Promise<void>
  /**
   * `grouped` (default): grouped notifications after `wait` / `interval` / `repeat`. `alerts`: every
   * firing and newly resolved alert on each evaluation (re-sent at most every `resendDelay`), for
   * receivers that group themselves, like Alertmanager.
   */
  readonly mode?: 'grouped' | 'alerts'
}

/** A rule's health, as `alerting.rules()` lists it (in the manner of Prometheus' rules API). */
export interface RuleStatus {
  name: string
  kind: 'metric' | 'event'
  /**
   * `ok`; `nodata` when the metric does not exist yet or has no values in the window; `error` when
   * the rule is invalid (never evaluated) or its evaluation failed; `unknown` before the first evaluation.
   */
  health: 'ok' | 'nodata' | 'error' | 'unknown'
  /** Why the rule is not ok. */
  error?: string
  /** Epoch ms of the last evaluation. */
  lastEvaluation?: number
  /** Its pending and firing alerts. */
  active: number
}
