/**
 * Judges thresholds. Whole-run thresholds read the measured results at the end (and, with
 * `abortOnFail`, while the test runs). Windowed ones (`over 10s`) read core's rolling windows of the
 * taxonomy's load-test metrics on every step of the measured phase, once a full window has passed
 * (or once at the end of a run shorter than the window); the reported value is the worst window.
 */
import type { Telemetry } from '@foundation-telemetry/core'
import type { Collector } from './collector.ts'
import { formatDuration } from './duration.ts'
import type { ScenarioStats } from './scenarioStats.ts'
import { DURATION_METRIC, REQUESTS_METRIC } from './telemetryFeed.ts'
import { largerIsWorse, type Threshold, thresholdHolds } from './threshold.ts'

/** One threshold's verdict in a report. */
export interface ThresholdResult {
  expression: string
  passed: boolean
  /** The whole-run value, or the worst window's; null when there was nothing to judge. */
  value: number | null
  scenario?: string
  /** `over` window, ms. */
  window_ms?: number
  /** Windowed: evaluations made and how many failed. */
  evaluations?: number
  failed_evaluations?: number
  abort_on_fail: boolean
  /** The unit of `value`: `ms` (latency), `ratio` (error rate), `/s` (throughput) or `count`. */
  unit: 'ms' | 'ratio' | '/s' | 'count'
}

/** The unit of a threshold's value. */
export function unitOf(threshold: Threshold): ThresholdResult['unit'] {
  const kind = threshold.statistic.kind
  if (kind === 'quantile' || kind === 'avg' || kind === 'min' || kind === 'max') return 'ms'
  if (kind === 'error_rate') return 'ratio'
  return kind === 'throughput' ? '/s' : 'count'
}

/** A threshold's value for people: `4.2ms`, `0.5%`, `120.3/s`, `42`, or `no data`. */
export function formatThresholdValue(result: Pick<ThresholdResult, 'value' | 'unit'>): string {
  const v = result.value
  if (v === null) return 'no data'
  switch (result.unit) {
    case 'ms':
      return formatDuration(v)
    case 'ratio':
      return `${Math.round(v * 1e6) / 1e4}%`
    case '/s':
      return `${Math.round(v * 100) / 100}/s`
    default:
      return String(v)
  }
}

interface State {
  readonly threshold: Threshold
  worst: number
  evaluations: number
  failed: number
}

/** The statistic `threshold` reads, from measured stats over `measuredMs`. */
export function statValue(threshold: Threshold, stats: ScenarioStats, measuredMs: number): number {
  const s = threshold.statistic
  switch (s.kind) {
    case 'quantile':
      return stats.quantile(s.q)
    case 'avg':
      return stats.mean()
    case 'min':
      return stats.count === 0 ? Number.NaN : stats.latency.min
    case 'max':
      return stats.count === 0 ? Number.NaN : stats.latency.max
    case 'error_rate':
      return stats.count === 0 ? Number.NaN : stats.errors / stats.count
    case 'errors':
      return stats.errors
    case 'count':
      return stats.count
    case 'successes':
      return stats.successes
    case 'dropped':
      return stats.dropped
    case 'throughput':
      return measuredMs > 0 ? (stats.count * 1000) / measuredMs : Number.NaN
  }
}

/** Judges one run's thresholds. */
export class ThresholdEvaluator {
  private readonly states: State[]
  private readonly t: Telemetry
  private readonly scenarios: readonly string[]
  private readonly collector: Collector

  constructor(
    thresholds: readonly Threshold[],
    t: Telemetry,
    scenarios: readonly string[],
    collector: Collector,
  ) {
    this.states = thresholds.map((threshold) => ({ threshold, worst: Number.NaN, evaluations: 0, failed: 0 }))
    this.t = t
    this.scenarios = scenarios
    this.collector = collector
  }

  /** The step between windowed evaluations, ms (undefined when none is windowed). */
  step(): number | undefined {
    const windows = this.states.flatMap((s) =>
      s.threshold.windowMs === undefined ? [] : [s.threshold.windowMs],
    )
    const abortable = this.states.some((s) => s.threshold.abortOnFail)
    if (windows.length === 0 && !abortable) return undefined
    const shortest = windows.length === 0 ? 10_000 : Math.min(...windows)
    return Math.min(1000, Math.max(100, shortest / 10))
  }

  /** Start the rolling windows now (the measured phase begins), so warm-up stays out of them. */
  arm(): void {
    for (const state of this.states)
      if (state.threshold.windowMs !== undefined) this.windowValue(state.threshold)
  }

  /**
   * Evaluate at `mainElapsedMs` into the measured phase. Returns true when an `abortOnFail`
   * threshold failed (past its delay) and the test should stop.
   */
  tick(mainElapsedMs: number, final = false): boolean {
    let abort = false
    for (const state of this.states) {
      const th = state.threshold
      let failed: boolean
      if (th.windowMs !== undefined) {
        if (mainElapsedMs < th.windowMs && !(final && state.evaluations === 0)) continue
        const value = this.windowValue(th)
        state.evaluations++
        failed = !thresholdHolds(th, value)
        if (failed) state.failed++
        if (Number.isNaN(state.worst) || worse(th, value, state.worst)) state.worst = value
      } else {
        if (!th.abortOnFail || final) continue
        failed = !thresholdHolds(th, this.runValue(th, mainElapsedMs))
      }
      if (failed && th.abortOnFail && mainElapsedMs >= th.delayAbortEvalMs) abort = true
    }
    return abort
  }

  /** Final verdicts; whole-run thresholds are judged on the measured results of `measuredMs`. */
  results(measuredMs: number): ThresholdResult[] {
    return this.states.map((state) => {
      const th = state.threshold
      const base = {
        expression: th.expression,
        abort_on_fail: th.abortOnFail,
        unit: unitOf(th),
        ...(th.scenario === undefined ? {} : { scenario: th.scenario }),
      }
      if (th.windowMs === undefined) {
        const value = this.runValue(th, measuredMs)
        return { ...base, passed: thresholdHolds(th, value), value: finite(value) }
      }
      return {
        ...base,
        passed: state.failed === 0,
        value: finite(state.worst),
        window_ms: th.windowMs,
        evaluations: state.evaluations,
        failed_evaluations: state.failed,
      }
    })
  }

  private runValue(th: Threshold, measuredMs: number): number {
    const stats =
      th.scenario === undefined
        ? this.collector.total()
        : this.collector.stats[this.scenarios.indexOf(th.scenario)]!
    return statValue(th, stats, measuredMs)
  }

  private windowValue(th: Threshold): number {
    const w = th.windowMs!
    const s = th.statistic
    const metrics = this.t.metrics
    if (s.kind === 'quantile' || s.kind === 'avg' || s.kind === 'min' || s.kind === 'max') {
      const stats = metrics.windowStats(
        DURATION_METRIC,
        w,
        th.scenario === undefined ? undefined : { scenario: th.scenario },
      )
      if (stats === undefined || stats.count === 0) return Number.NaN
      if (s.kind === 'quantile') return stats.quantile(s.q)
      return s.kind === 'avg' ? stats.mean : s.kind === 'min' ? stats.min : stats.max
    }
    let ok = 0
    let errors = 0
    let covered = 0
    for (const scenario of th.scenario === undefined ? this.scenarios : [th.scenario]) {
      const good = metrics.windowStats(REQUESTS_METRIC, w, { scenario, success: true })
      const bad = metrics.windowStats(REQUESTS_METRIC, w, { scenario, success: false })
      ok += good?.sum ?? 0
      errors += bad?.sum ?? 0
      // `rate` divides by the time the window has covered; recover it for throughput.
      if (good !== undefined && good.rate > 0) covered = Math.max(covered, good.sum / good.rate)
      if (bad !== undefined && bad.rate > 0) covered = Math.max(covered, bad.sum / bad.rate)
    }
    const count = ok + errors
    switch (s.kind) {
      case 'error_rate':
        return count === 0 ? Number.NaN : errors / count
      case 'errors':
        return errors
      case 'count':
        return count
      case 'successes':
        return ok
      case 'throughput':
        return covered > 0 ? count / covered : 0
      default:
        return Number.NaN
    }
  }
}

function worse(th: Threshold, value: number, than: number): boolean {
  if (Number.isNaN(value)) return false
  return largerIsWorse(th) ? value > than : value < than
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? Math.round(value * 1e6) / 1e6 : null
}
