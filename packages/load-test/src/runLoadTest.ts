/**
 * The coordinator: validates the options, runs every scenario's setup, generates load with the
 * chosen model (on this thread or in worker threads), judges thresholds while it runs, stops on
 * the signal, runs teardown, and builds the report.
 */
import {
  telemetry as defaultTelemetry,
  handlerFailure,
  newTraceId,
  type Telemetry,
} from '@foundation-telemetry/core'
import { runClosedModel } from './closedModel.ts'
import { Collector } from './collector.ts'
import { failure } from './iteration.ts'
import { LoadTestConfigError, unreadableOptions } from './loadTestError.ts'
import { runOpenModel } from './openModel.ts'
import type { LoadTestOptions, ProgressSample } from './options.ts'
import { type Plan, planRun } from './plan.ts'
import { type LoadTestReport, scenarioReport } from './report.ts'
import { Runtime } from './runtime.ts'
import { LoadTestSetupError } from './setupError.ts'
import { createTelemetryFeed, DURATION_METRIC } from './telemetryFeed.ts'
import { ThresholdEvaluator } from './thresholdEvaluator.ts'
import { startWorkerPool, type WorkerPool } from './workerPool.ts'

/**
 * Run a load test and resolve with its report. Rejects only for invalid options
 * ({@link LoadTestConfigError}, before anything runs) or a failing `setup`
 * ({@link LoadTestSetupError}); errors of the system under test are counted in the report.
 *
 * @example
 * ```ts
 * const report = await runLoadTest({
 *   scenarios: [
 *     { name: 'read', weight: 70, run: async () => { await cache.get(randomKey()) } },
 *     { name: 'write', weight: 30, run: async () => { await cache.set(randomKey(), 'v') } },
 *   ],
 *   executor: { type: 'constant-vus', vus: 50, duration: '30s' },
 *   thresholds: ['p95<5ms', 'error_rate<0.01', 'p99{scenario:read}<10ms over 10s'],
 * })
 * console.log(report.scenarios.read.latency.p95, report.passed)
 * ```
 */
export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestReport> {
  const plan = readPlan(options)
  const t: Telemetry = options.telemetry ?? defaultTelemetry
  const clock = options.clock ?? t.clock
  const runId = newTraceId().slice(0, 16)
  const names = plan.scenarios.map((s) => s.name)
  const feed = createTelemetryFeed(t, {
    runId,
    testName: plan.name,
    scenarios: names,
    recordMetrics: options.recordMetrics !== false,
  })
  const profile = plan.profile
  const collector = new Collector(names.length, feed, profile.warmupMs, profile.mainMs)
  const evaluator = new ThresholdEvaluator(plan.thresholds, t, names, collector)
  const data = await runSetups(plan)
  let pool: WorkerPool | undefined
  if (plan.workers > 0) {
    try {
      pool = await startWorkerPool(options, data)
    } catch (error) {
      await runTeardowns(plan, data, t, runId)
      throw error
    }
  }
  const rt = new Runtime({
    clock,
    telemetry: t,
    plan,
    data,
    sink: collector,
    worker: 0,
    onVuCrash: (error) =>
      t.reportError(
        handlerFailure(`load test ${plan.name}: a VU crashed and was replaced`, {
          source: 'load_test',
          run_id: runId,
          error,
        }),
      ),
  })
  const signal = options.signal
  const onAbort = () => rt.stop('signal')
  signal?.addEventListener('abort', onAbort, { once: true })
  if (signal?.aborted) rt.stop('signal')

  const timers: Array<() => void> = []
  const mainStartsAt = () => rt.runStart + profile.warmupMs
  const inMain = () => Math.max(0, clock.monotonic() - mainStartsAt())
  const step = evaluator.step()
  const arm = clock.setTimeout(() => {
    evaluator.arm()
    if (step !== undefined) {
      const ticker = clock.setInterval(() => {
        if (clock.monotonic() > mainStartsAt() + profile.mainMs) return
        if (evaluator.tick(inMain())) rt.stop('threshold')
      }, step)
      timers.push(() => clock.clearInterval(ticker))
    }
  }, profile.warmupMs)
  timers.push(() => clock.clearTimeout(arm))
  if (options.onProgress !== undefined) timers.push(startProgress(rt, collector, t, options.onProgress))

  feed.runStart(
    profile.model === 'closed'
      ? Math.max(...profile.segments.map((s) => Math.max(s.from, s.to)), 0)
      : profile.maxVUs,
  )
  rt.begin()
  const startedAtWall = clock.now() + profile.warmupMs
  let restarts = 0
  try {
    if (!rt.stopping) {
      if (pool !== undefined) restarts = await pool.run(rt, collector)
      else if (profile.model === 'closed') await runClosedModel(rt)
      else await runOpenModel(rt)
    } else await pool?.terminate()
  } finally {
    signal?.removeEventListener('abort', onAbort)
    for (const clear of timers) clear()
  }
  const stoppedAt = rt.stoppedAt ?? clock.monotonic()
  const measuredMs = Math.max(0, Math.min(stoppedAt, mainStartsAt() + profile.mainMs) - mainStartsAt())
  if (rt.stopReason !== 'signal') evaluator.tick(measuredMs, true)
  await runTeardowns(plan, data, t, runId)

  const total = collector.total()
  const thresholds = evaluator.results(measuredMs)
  const scenarios: LoadTestReport['scenarios'] = {}
  names.forEach((name, i) => {
    scenarios[name] = scenarioReport(collector.stats[i]!, measuredMs)
  })
  const report: LoadTestReport = {
    name: plan.name,
    run_id: runId,
    started_at: new Date(startedAtWall).toISOString(),
    model: profile.model,
    executor: plan.executor,
    warmup_ms: profile.warmupMs,
    cooldown_ms: profile.cooldownMs,
    duration_ms: Math.round(measuredMs * 1000) / 1000,
    planned_duration_ms: profile.mainMs,
    workers: plan.workers,
    aborted: rt.stopReason === 'signal' || rt.stopReason === 'threshold' ? rt.stopReason : false,
    passed: thresholds.every((th) => th.passed),
    total: scenarioReport(total, measuredMs),
    scenarios,
    thresholds,
    timeline: { interval_ms: collector.timeline.intervalMs, points: collector.timeline.finish() },
    vu_restarts: rt.vuCrashes + restarts,
  }
  feed.activeVUs(0)
  feed.runStop(measuredMs, {
    requests: report.total.count,
    successes: report.total.successes,
    failures: report.total.errors,
    throughput: report.total.throughput,
  })
  return report
}

async function runSetups(plan: Plan): Promise<unknown[]> {
  const data: unknown[] = []
  for (const [i, scenario] of plan.scenarios.entries()) {
    try {
      data[i] = scenario.setup === undefined ? undefined : await scenario.setup()
    } catch (error) {
      // Undo the setups that ran, so a failed start leaves nothing behind.
      await Promise.allSettled(plan.scenarios.slice(0, i).map((s, j) => s.teardown?.(data[j])))
      throw new LoadTestSetupError(scenario.name, failure(error), { cause: error })
    }
  }
  return data
}

async function runTeardowns(
  plan: Plan,
  data: readonly unknown[],
  t: Telemetry,
  runId: string,
): Promise<void> {
  for (const [i, scenario] of plan.scenarios.entries()) {
    try {
      await scenario.teardown?.(data[i])
    } catch (error) {
      t.reportError(
        handlerFailure(`load test: teardown of ${scenario.name} failed`, {
          source: 'load_test',
          run_id: runId,
          scenario: scenario.name,
          error,
        }),
      )
    }
  }
}

function startProgress(
  rt: Runtime,
  collector: Collector,
  t: Telemetry,
  onProgress: (sample: ProgressSample) => void,
): () => void {
  const clock = rt.clock
  const profile = rt.plan.profile
  // A window only knows what happened after it was first asked for: ask now.
  t.metrics.windowStats(DURATION_METRIC, 10_000)
  const timer = clock.setInterval(() => {
    const elapsedMs = rt.elapsed()
    const total = collector.total()
    const recent = t.metrics.windowStats(DURATION_METRIC, 10_000)
    const phase = rt.stopping
      ? 'stopping'
      : elapsedMs < profile.warmupMs
        ? 'warmup'
        : elapsedMs < profile.warmupMs + profile.mainMs
          ? 'main'
          : 'cooldown'
    try {
      onProgress({
        phase,
        elapsedMs,
        totalMs: profile.totalMs,
        iterations: total.count,
        errors: total.errors,
        dropped: total.dropped,
        rate: recent?.rate ?? Number.NaN,
        p95: recent?.quantile(0.95) ?? Number.NaN,
        activeVUs: rt.activeVUs,
      })
    } catch {
      // A progress display that throws must not stop the test.
    }
  }, 1000)
  timer.unref?.()
  return () => clock.clearInterval(timer)
}

/** {@link planRun}, with unreadable options (throwing getters, revoked proxies) as a config error too. */
function readPlan(options: LoadTestOptions): Plan {
  try {
    return planRun(options)
  } catch (error) {
    if (error instanceof LoadTestConfigError) throw error
    throw unreadableOptions(error)
  }
}
