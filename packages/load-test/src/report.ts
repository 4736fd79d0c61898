/**
 * The report of a run, as JSON: per scenario and in total, thresholds with their verdicts, and
 * the timeline for charts. Latencies are ms; throughput is completed iterations per second of
 * the measured phase.
 */
import { formatDuration } from './duration.ts'
import type { ErrorCategory } from './errorTally.ts'
import type { Executor } from './options.ts'
import type { Plan } from './plan.ts'
import type { StopReason } from './runtime.ts'
import type { LatencySummary, ScenarioStats } from './scenarioStats.ts'
import type { ThresholdResult } from './thresholdEvaluator.ts'
import type { Timeline, TimelinePoint } from './timeline.ts'

/** Results of one scenario (or of the whole test). */
export interface ScenarioReport {
  /** Measured iterations that finished (successes + errors). */
  count: number
  successes: number
  errors: number
  /** errors / count (0 when nothing ran). */
  error_rate: number
  /** Open model: iterations due while every VU was busy. */
  dropped: number
  /** Iterations cut off when the test stopped. */
  interrupted: number
  /** Finished iterations per second of the measured phase. */
  throughput: number
  latency: LatencySummary
  /** Errors by category (error code, else name; `timeout`), with a few sample messages. */
  error_types: Record<string, ErrorCategory>
}

/** What {@link runLoadTest} resolves with. */
export interface LoadTestReport {
  name: string
  run_id: string
  /** ISO time the measured phase began. */
  started_at: string
  /** `closed` (VUs) or `open` (arrival rate). */
  model: 'closed' | 'open'
  executor: Executor
  warmup_ms: number
  cooldown_ms: number
  /** Length of the measured phase that ran, ms, and the planned one. */
  duration_ms: number
  planned_duration_ms: number
  /** Worker threads used (0: this thread). */
  workers: number
  /** Why the test stopped early, or false. */
  aborted: false | 'signal' | 'threshold'
  /** Every threshold passed. */
  passed: boolean
  total: ScenarioReport
  scenarios: Record<string, ScenarioReport>
  thresholds: ThresholdResult[]
  timeline: { interval_ms: number; points: TimelinePoint[] }
  /** VUs (or worker threads) that crashed and were replaced. */
  vu_restarts: number
}

/** The report figures of `stats` over a measured phase of `measuredMs`. */
export function scenarioReport(stats: ScenarioStats, measuredMs: number): ScenarioReport {
  return {
    count: stats.count,
    successes: stats.successes,
    errors: stats.errors,
    error_rate: stats.count === 0 ? 0 : Math.round((stats.errors / stats.count) * 1e6) / 1e6,
    dropped: stats.dropped,
    interrupted: stats.interrupted,
    throughput: measuredMs > 0 ? Math.round(((stats.count * 1000) / measuredMs) * 1000) / 1000 : 0,
    latency: stats.summary(),
    error_types: stats.errorTally.toJSON(),
  }
}

/** What a finished run hands to {@link runReport}. */
export interface FinishedRun {
  plan: Plan
  runId: string
  /** Wall time (epoch ms) the measured phase began. */
  startedAtWall: number
  /** Length of the measured phase that ran, ms. */
  measuredMs: number
  stopReason: StopReason | undefined
  /** VUs and worker threads that crashed and were replaced. */
  restarts: number
  /** The measured results: one `stats` per scenario of the plan, in order, and the timeline. */
  results: { readonly stats: readonly ScenarioStats[]; readonly timeline: Timeline; total(): ScenarioStats }
  thresholds: ThresholdResult[]
}

/** The report of a finished run. */
export function runReport(run: FinishedRun): LoadTestReport {
  const { plan, measuredMs, results, stopReason } = run
  const profile = plan.profile
  const total = results.total()
  const scenarios: LoadTestReport['scenarios'] = {}
  plan.scenarios.forEach((scenario, i) => {
    scenarios[scenario.name] = scenarioReport(results.stats[i]!, measuredMs)
  })
  return {
    name: plan.name,
    run_id: run.runId,
    started_at: new Date(run.startedAtWall).toISOString(),
    model: profile.model,
    executor: plan.executor,
    warmup_ms: profile.warmupMs,
    cooldown_ms: profile.cooldownMs,
    duration_ms: Math.round(measuredMs * 1000) / 1000,
    planned_duration_ms: profile.mainMs,
    workers: plan.workers,
    aborted: stopReason === 'signal' || stopReason === 'threshold' ? stopReason : false,
    passed: run.thresholds.every((th) => th.passed),
    total: scenarioReport(total, measuredMs),
    scenarios,
    thresholds: run.thresholds,
    timeline: { interval_ms: results.timeline.intervalMs, points: results.timeline.finish() },
    vu_restarts: run.restarts,
  }
}

/** Column headings of the per-scenario table (text and HTML), after the scenario name. */
export const SCENARIO_COLUMNS = [
  'iterations',
  'errors',
  'err %',
  'iter/s',
  'p50',
  'p90',
  'p95',
  'p99',
  'max',
  'dropped',
] as const

/** One scenario's cells of the per-scenario table, formatted for people. */
export function scenarioCells(s: ScenarioReport): string[] {
  const ms = (v: number | null) => (v === null ? '-' : formatDuration(v))
  const l = s.latency
  return [
    String(s.count),
    String(s.errors),
    `${(s.error_rate * 100).toFixed(2)}%`,
    s.throughput.toFixed(1),
    ms(l.p50),
    ms(l.p90),
    ms(l.p95),
    ms(l.p99),
    ms(l.max),
    String(s.dropped),
  ]
}
