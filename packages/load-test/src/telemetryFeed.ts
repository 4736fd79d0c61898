/**
 * What a run tells its telemetry instance: the `foundation.load_test.*` events of the taxonomy
 * (the run span, every iteration's scenario span, or a `request` event for iterations that ran in
 * a worker thread) and the taxonomy's load-test metrics, so `/metrics`, alerting and
 * `waitForMetric` see a running test. Series are bound once per scenario; events are built only
 * when something listens.
 */
import type {
  BoundCounter,
  BoundGauge,
  BoundRecorder,
  Telemetry,
  TelemetryEvent,
} from '@foundation-telemetry/core'

export const REQUESTS_METRIC = 'foundation.load_test.requests'
export const DURATION_METRIC = 'foundation.load_test.request_duration'
export const ACTIVE_WORKERS_METRIC = 'foundation.load_test.active_workers'

/** Per-run event and metric emission. */
export interface TelemetryFeed {
  iterationStart(scenario: number, vu: number): void
  /** An iteration finished (this thread ran it). */
  iterationStop(
    scenario: number,
    vu: number,
    durationMs: number,
    ok: boolean,
    category: string | undefined,
  ): void
  /** An iteration finished in a worker thread. */
  request(scenario: number, durationMs: number, ok: boolean, category: string | undefined): void
  activeVUs(n: number): void
  runStart(concurrency: number): void
  runStop(
    durationMs: number,
    totals: { requests: number; successes: number; failures: number; throughput: number },
  ): void
}

/** Bind the feed for one run. */
export function createTelemetryFeed(
  t: Telemetry,
  options: { runId: string; testName: string; scenarios: readonly string[]; recordMetrics: boolean },
): TelemetryFeed {
  const { runId, testName, scenarios, recordMetrics } = options
  const start = t.event('foundation.load_test.scenario.start')
  const stop = t.event('foundation.load_test.scenario.stop')
  const request = t.event('foundation.load_test.request')
  const runStartEvent = t.event('foundation.load_test.run.start')
  const runStopEvent = t.event('foundation.load_test.run.stop')
  let okCounters: BoundCounter[] = []
  let errorCounters: BoundCounter[] = []
  let durations: BoundRecorder[] = []
  let active: BoundGauge | undefined
  if (recordMetrics) {
    const requests = t.metrics.counter(REQUESTS_METRIC, { tagKeys: ['scenario', 'success'] })
    const histogram = t.metrics.histogram(DURATION_METRIC, { tagKeys: ['scenario'] })
    okCounters = scenarios.map((scenario) => requests.bind({ scenario, success: true }))
    errorCounters = scenarios.map((scenario) => requests.bind({ scenario, success: false }))
    durations = scenarios.map((scenario) => histogram.bind({ scenario }))
    active = t.metrics.gauge(ACTIVE_WORKERS_METRIC).bind()
  }
  const vuIds = new Map<number, string>()
  const workerId = (vu: number): string => {
    let id = vuIds.get(vu)
    if (id === undefined) {
      id = `vu-${vu}`
      if (vuIds.size < 10_000) vuIds.set(vu, id)
    }
    return id
  }
  const measure = (scenario: number, durationMs: number, ok: boolean) => {
    if (!recordMetrics) return
    ;(ok ? okCounters : errorCounters)[scenario]!.add(1)
    durations[scenario]!.record(Math.max(durationMs, 0))
  }
  const emit = (
    event: TelemetryEvent,
    measurements: Record<string, number>,
    metadata: Record<string, unknown>,
  ) => {
    if (event.hasHandlers()) event.execute(measurements, metadata)
  }
  return {
    iterationStart(scenario, vu) {
      if (!start.hasHandlers()) return
      start.execute(
        { monotonic_time: t.clock.monotonic() },
        { scenario: scenarios[scenario]!, run_id: runId, worker_id: workerId(vu) },
      )
    },
    iterationStop(scenario, vu, durationMs, ok, category) {
      measure(scenario, durationMs, ok)
      if (!stop.hasHandlers()) return
      const metadata: {
        scenario: string
        run_id: string
        worker_id: string
        success: boolean
        error?: string
      } = {
        scenario: scenarios[scenario]!,
        run_id: runId,
        worker_id: workerId(vu),
        success: ok,
      }
      if (!ok && category !== undefined) metadata.error = category
      stop.execute({ duration: durationMs, monotonic_time: t.clock.monotonic() }, metadata)
    },
    request(scenario, durationMs, ok, category) {
      measure(scenario, durationMs, ok)
      if (!request.hasHandlers()) return
      const metadata: { scenario: string; success: boolean; run_id: string; error?: string } = {
        scenario: scenarios[scenario]!,
        success: ok,
        run_id: runId,
      }
      if (!ok && category !== undefined) metadata.error = category
      request.execute({ duration: durationMs }, metadata)
    },
    activeVUs(n) {
      active?.set(n)
    },
    runStart(concurrency) {
      emit(
        runStartEvent,
        { monotonic_time: t.clock.monotonic() },
        { test_name: testName, run_id: runId, concurrency },
      )
    },
    runStop(durationMs, totals) {
      emit(
        runStopEvent,
        { duration: durationMs, monotonic_time: t.clock.monotonic(), ...totals },
        { test_name: testName, run_id: runId },
      )
    },
  }
}
