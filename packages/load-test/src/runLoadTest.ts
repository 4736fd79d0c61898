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
import { mainElapsedAt, peakVUs } from './loadProfile.ts'
import { LoadTestConfigError, unreadableOptions } from './loadTestError.ts'
import { runOpenModel } from './openModel.ts'
import type { LoadTestOptions, ProgressSample } from './options.ts'
import { type Plan, planRun } from './plan.ts'
import { type LoadTestReport, runReport } from './report.ts'
import { Runtime } from './runtime.ts'
import { LoadTestSetupError } from './setupError.ts'
import { createTelemetryFeed, DURATION_METRIC } from './telemetryFeed.ts'
import { ThresholdEvaluator } from './thresholdEvaluator.ts'
import { scheduleThresholds } from './thresholdSchedule.ts'
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
  const pool = await startPool(options, plan, data, t, runId)
  const onVuCrash = vuCrashReporter(t, plan.name, runId)
  const rt = new Runtime({ clock, telemetry: t, plan, data, sink: collector, worker: 0, onVuCrash })
  const unwatch = watchRun(rt, evaluator, collector, t, options)
  feed.runStart(peakVUs(profile))
  rt.begin()
  const startedAtWall = clock.now() + profile.warmupMs
  let restarts = 0
  try {
    restarts = await generateLoad(rt, pool, collector)
  } finally {
    unwatch()
  }
  const measuredMs = mainElapsedAt(profile, rt.runStart, rt.stoppedAt ?? clock.monotonic())
  if (rt.stopReason !== 'signal') evaluator.tick(measuredMs, true)
  await runTeardowns(plan, data, t, runId)
  const report = runReport({
    plan,
    runId,
    startedAtWall,
    measuredMs,
    stopReason: rt.stopReason,
    restarts: rt.vuCrashes + restarts,
    results: collector,
    thresholds: evaluator.results(measuredMs),
  })
  feed.activeVUs(0)
  feed.runStop(measuredMs, {
    requests: report.total.count,
    successes: report.total.successes,
    failures: report.total.errors,
    throughput: report.total.throughput,
  })
  return report
}

/** Start the worker threads, if any; a failed start undoes the setups before it rejects. */
async function startPool(
  options: LoadTestOptions,
  plan: Plan,
  data: unknown[],
  t: Telemetry,
  runId: string,
): Promise<WorkerPool | undefined> {
  if (plan.workers === 0) return undefined
  try {
    return await startWorkerPool(options, data)
  } catch (error) {
    await runTeardowns(plan, data, t, runId)
    throw error
  }
}

/** What reports a VU that crashed and was replaced, through the telemetry's error path. */
function vuCrashReporter(t: Telemetry, testName: string, runId: string): (error: unknown) => void {
  return (error) =>
    t.reportError(
      handlerFailure(`load test ${testName}: a VU crashed and was replaced`, {
        source: 'load_test',
        run_id: runId,
        error,
      }),
    )
}

/**
 * Start what watches the load while it runs: the abort signal, the threshold schedule and the
 * progress callback. Returns what stops them all.
 */
function watchRun(
  rt: Runtime,
  evaluator: ThresholdEvaluator,
  collector: Collector,
  t: Telemetry,
  options: LoadTestOptions,
): () => void {
  const signal = options.signal
  const onAbort = () => rt.stop('signal')
  signal?.addEventListener('abort', onAbort, { once: true })
  if (signal?.aborted) rt.stop('signal')
  const stopThresholds = scheduleThresholds(rt, evaluator)
  const stopProgress =
    options.onProgress === undefined ? undefined : startProgress(rt, collector, t, options.onProgress)
  return () => {
    signal?.removeEventListener('abort', onAbort)
    stopThresholds()
    stopProgress?.()
  }
}

/**
 * Generate the load with the plan's model, on this thread or in the pool's workers; resolves with
 * the number of replaced worker threads. A run stopped before it began only releases the pool.
 */
async function generateLoad(
  rt: Runtime,
  pool: WorkerPool | undefined,
  collector: Collector,
): Promise<number> {
  if (rt.stopping) {
    await pool?.terminate()
    return 0
  }
  if (pool !== undefined) return pool.run(rt, collector)
  if (rt.plan.profile.model === 'closed') await runClosedModel(rt)
  else await runOpenModel(rt)
  return 0
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
