/**
 * Performance baselines: the mean and p95 of each metric over a period (from core's rolling
 * windows), and degradation when a current value is above 2x the baseline mean or 1.5x its p95.
 * Degradations are emitted as `foundation_os.performance.degradation` with the list of metrics.
 */
import type { Metrics, Telemetry } from '@foundation-telemetry/core'
import { parseDuration } from './duration.ts'
import { guarded } from './guard.ts'
import type { Duration } from './types.ts'

/** The duration metrics baselines are kept for unless told otherwise. */
export const defaultBaselineMetrics: readonly string[] = [
  'foundation.process_registry.lookup_latency',
  'foundation.circuit_breaker.latency',
  'foundation_jido.agent.startup_duration',
  'foundation_jido.coordination.duration',
  'foundation_jido.signal.dispatch_duration',
  'dspex.program.execution_duration',
  'dspex.optimization.iteration_duration',
  'dspex.coordination.multi_agent_duration',
]

/** One metric's baseline. */
export interface BaselineStats {
  mean: number
  p95: number
  count: number
}

/** One degraded metric, as the degradation event lists it. */
export type Degradation = {
  metric: string
  current: number
  baseline_mean: number
  baseline_p95: number
  degradation_factor: number
}

/** Options of {@link createPerformanceMonitor}. */
export interface PerformanceMonitorOptions {
  telemetry: Telemetry
  /** Metrics to keep baselines for. Defaults to {@link defaultBaselineMetrics}. */
  metrics?: readonly string[]
  /** The period a baseline covers. Defaults to 1 h. */
  period?: Duration
  /** The recent window whose mean is the current value. Defaults to 1 min. */
  current?: Duration
  /** Degraded above this multiple of the mean. Defaults to 2. */
  meanFactor?: number
  /** Degraded above this multiple of the p95. Defaults to 1.5. */
  p95Factor?: number
}

/** A performance monitor. */
export interface PerformanceMonitor {
  /** Start the windows the baselines read (call early, so they have history). */
  start(): void
  /** Take a baseline now: mean and p95 per metric over the period. Metrics without data are left out. */
  collectBaseline(): Record<string, BaselineStats>
  /** The baseline in use. */
  baseline(): Record<string, BaselineStats>
  /** Use a stored baseline. */
  setBaseline(baseline: Record<string, BaselineStats>): void
  /**
   * Compare current values (given, or each metric's mean over the current window) with the
   * baseline; emits the degradation event when any metric degraded. Returns the degradations.
   */
  detectDegradation(current?: Record<string, number>): Degradation[]
}

/**
 * Create a performance monitor over `telemetry`'s metrics.
 *
 * @example
 * ```ts
 * const monitor = createPerformanceMonitor({ telemetry: t })
 * monitor.start()
 * // an hour later
 * monitor.collectBaseline()
 * monitor.detectDegradation() // emits foundation_os.performance.degradation when something is slower
 * ```
 */
export function createPerformanceMonitor(options: PerformanceMonitorOptions): PerformanceMonitor {
  return guarded(
    'createPerformanceMonitor',
    options,
    () => {
      const t = options.telemetry
      const settings = readSettings(options)
      const { metrics, periodMs, currentMs } = settings
      let baseline: Record<string, BaselineStats> = {}
      return {
        start() {
          for (const metric of metrics) {
            t.metrics.windowStats(metric, periodMs)
            t.metrics.windowStats(metric, currentMs)
          }
        },
        collectBaseline() {
          baseline = baselineStats(t.metrics, metrics, periodMs)
          return { ...baseline }
        },
        baseline: () => ({ ...baseline }),
        setBaseline(b) {
          baseline = { ...b }
        },
        detectDegradation(current) {
          // Object.assign as before: a spread would copy a `__proto__` key as a metric.
          const values =
            current !== undefined ? Object.assign({}, current) : currentMeans(t.metrics, metrics, currentMs)
          const degradations = findDegradations(values, baseline, settings)
          if (degradations.length > 0) {
            t.execute(
              'foundation_os.performance.degradation',
              { degraded_metrics_count: degradations.length },
              { degradations },
            )
          }
          return degradations
        },
      }
    },
    inertMonitor,
  )
}

/** A monitor's options with their defaults applied. */
export interface MonitorSettings {
  metrics: readonly string[]
  periodMs: number
  currentMs: number
  meanFactor: number
  p95Factor: number
}

function readSettings(options: PerformanceMonitorOptions): MonitorSettings {
  return {
    metrics: options.metrics ?? defaultBaselineMetrics,
    periodMs: parseDuration(options.period ?? '1h') ?? 3_600_000,
    currentMs: parseDuration(options.current ?? '1m') ?? 60_000,
    meanFactor: options.meanFactor ?? 2,
    p95Factor: options.p95Factor ?? 1.5,
  }
}

/** Mean, p95 and count of each of `names` over the last `periodMs`; metrics without data are left out. */
export function baselineStats(
  metrics: Metrics,
  names: readonly string[],
  periodMs: number,
): Record<string, BaselineStats> {
  const out: Record<string, BaselineStats> = {}
  for (const metric of names) {
    const stats = metrics.windowStats(metric, periodMs)
    if (stats === undefined || stats.count === 0) continue
    out[metric] = { mean: stats.mean, p95: stats.quantile(0.95), count: stats.count }
  }
  return out
}

/** The mean of each of `names` over the last `currentMs`, for the metrics with data in it. */
function currentMeans(metrics: Metrics, names: readonly string[], currentMs: number): Record<string, number> {
  const values: Record<string, number> = {}
  for (const metric of names) {
    const stats = metrics.windowStats(metric, currentMs)
    if (stats !== undefined && stats.count > 0) values[metric] = stats.mean
  }
  return values
}

/**
 * The metrics of `values` above `meanFactor` times their baseline mean or `p95Factor` times their
 * baseline p95. Metrics without a baseline and values that are not finite numbers are skipped.
 */
export function findDegradations(
  values: Readonly<Record<string, number>>,
  baseline: Readonly<Record<string, BaselineStats>>,
  factors: Pick<MonitorSettings, 'meanFactor' | 'p95Factor'>,
): Degradation[] {
  const degradations: Degradation[] = []
  for (const metric of Object.keys(values)) {
    const stats = baseline[metric]
    const value = values[metric]!
    if (stats === undefined || typeof value !== 'number' || !Number.isFinite(value)) continue
    if (!(value > stats.mean * factors.meanFactor || value > stats.p95 * factors.p95Factor)) continue
    degradations.push({
      metric,
      current: value,
      baseline_mean: stats.mean,
      baseline_p95: stats.p95,
      degradation_factor: stats.mean === 0 ? Number.POSITIVE_INFINITY : value / stats.mean,
    })
  }
  return degradations
}

/** The monitor returned when the options could not be used: no baseline, never degraded. */
function inertMonitor(): PerformanceMonitor {
  return {
    start() {},
    collectBaseline: () => ({}),
    baseline: () => ({}),
    setBaseline() {},
    detectDegradation: () => [],
  }
}
