/**
 * Runs an anomaly detector over a metric on the clock and publishes its state as the gauge
 * `foundation_os.alert.anomaly` (1 anomalous, 0 normal, by `metric`), so an ordinary rule alerts
 * on it: `{ metric: 'foundation_os.alert.anomaly', aggregate: 'value', comparator: '==', threshold: 1 }`.
 * The value is read as a metric rule reads it (any aggregate over a window, every series merged).
 */
import type { Clock, ClockTimer, Telemetry } from '@foundation-telemetry/core'
import { alertMetricNames } from './alertMetrics.ts'
import { type AnomalyDetector, type AnomalyResult, createEwmaDetector } from './anomaly.ts'
import { parseDuration } from './duration.ts'
import { guarded } from './guard.ts'
import { MetricReader } from './metricReader.ts'
import type { Aggregate, Duration, MetricRule } from './types.ts'

/** The gauge anomaly watchers publish to. */
export const ANOMALY_METRIC = alertMetricNames.anomaly

/** Options of {@link createAnomalyWatcher}. */
export interface AnomalyWatcherOptions {
  telemetry: Telemetry
  /** The metric watched. */
  metric: string
  /** What is read from it. Defaults to `avg`. */
  aggregate?: Exclude<Aggregate, 'ratio'>
  /** The window of the aggregate. Defaults to 1 min. */
  window?: Duration
  /** How often a point is fed to the detector. Defaults to 30 s. */
  interval?: Duration
  /** Defaults to an EWMA detector with its defaults. */
  detector?: AnomalyDetector
  /** Defaults to the telemetry's clock. */
  clock?: Clock
}

/** A running watcher. */
export interface AnomalyWatcher {
  /** Feed a point every `interval`. */
  start(): void
  /** Read the metric and feed one point now; undefined without data. */
  check(): AnomalyResult | undefined
  stop(): void
}

/**
 * Watch `metric` with an anomaly detector.
 *
 * @example
 * ```ts
 * createAnomalyWatcher({ telemetry: t, metric: 'foundation_jido.task.duration', aggregate: 'p95', detector: createMadDetector() }).start()
 * ```
 */
export function createAnomalyWatcher(options: AnomalyWatcherOptions): AnomalyWatcher {
  return guarded(
    'createAnomalyWatcher',
    options,
    () => {
      const t = options.telemetry
      const clock = options.clock ?? t.clock
      const windowMs = parseDuration(options.window ?? '1m') ?? 60_000
      const intervalMs = parseDuration(options.interval ?? '30s') || 30_000
      const detector = options.detector ?? createEwmaDetector()
      const reader = new MetricReader(t.metrics)
      const rule: MetricRule = {
        name: 'anomaly',
        metric: options.metric,
        aggregate: options.aggregate ?? 'avg',
        comparator: '>',
        threshold: 0,
        severity: 'info',
        series: 'merged',
      }
      const gauge = t.metrics.gauge(ANOMALY_METRIC)
      let timer: ClockTimer | undefined
      const check = (): AnomalyResult | undefined => {
        reader.begin()
        const reading = reader.read(rule, [windowMs])
        const value = 'missing' in reading ? Number.NaN : (reading.series[0]?.values[0] ?? Number.NaN)
        if (Number.isNaN(value)) return undefined
        const result = detector.update(value)
        gauge.set(result.state === 'anomalous' ? 1 : 0, { metric: options.metric })
        return result
      }
      return {
        start() {
          if (timer !== undefined) return
          reader.prime(rule, [windowMs])
          timer = clock.setInterval(() => {
            check()
          }, intervalMs)
          timer.unref?.()
        },
        check,
        stop() {
          if (timer !== undefined) clock.clearInterval(timer)
          timer = undefined
        },
      }
    },
    () => ({ start() {}, check: () => undefined, stop() {} }),
  )
}
