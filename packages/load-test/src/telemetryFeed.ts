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

/**
 * An iteration this thread ran finished. The feed implements it as a typed arrow property, so the
 * signature is written here only.
 */
export type IterationStop = (
  scenario: number,
  vu: number,
  durationMs: number,
  ok: boolean,
  category: string | undefined,
) => void

/** Per-run event and metric emission. */
export interface TelemetryFeed {
  iterationStart(scenario: number, vu: number): void
  /** An iteration finished (this thread ran it). */
  readonly iterationStop: IterationStop
  /** An iteration finished in a worker thread. */
  request(scenario: number, durationMs: number, ok: boolean, category: string | undefined): void
  activeVUs(n: number): void
  runStart(concurrency: number): void
  runStop(durationMs: number, totals: RunTotals): void
}

/** A run's figures on `foundation.load_test.run.stop`. */
export interface RunTotals {
  requests: number
  successes: number
  failures: number
  throughput: number
}

/** The feed's inputs for one run. */
export interface TelemetryFeedOptions {
  runId: string
  testName: string
  scenarios: readonly string[]
  recordMetrics: boolean
}

/** Bind the feed for one run. */
export function createTelemetryFeed(t: Telemetry, options: TelemetryFeedOptions): TelemetryFeed {
  return new RunFeed(t, options)
}

/**
 * The taxonomy's load-test series of one run: a success and a failure counter and a duration
 * histogram bound per scenario, and the active-VU gauge. Bound once, so an iteration pays two
 * array reads, not a tag lookup.
 */
export class ScenarioMetrics {
  private readonly okCounters: BoundCounter[]
  private readonly errorCounters: BoundCounter[]
  private readonly durations: BoundRecorder[]
  private readonly active: BoundGauge

  constructor(t: Telemetry, scenarios: readonly string[]) {
    const requests = t.metrics.counter(REQUESTS_METRIC, { tagKeys: ['scenario', 'success'] })
    const histogram = t.metrics.histogram(DURATION_METRIC, { tagKeys: ['scenario'] })
    this.okCounters = scenarios.map((scenario) => requests.bind({ scenario, success: true }))
    this.errorCounters = scenarios.map((scenario) => requests.bind({ scenario, success: false }))
    this.durations = scenarios.map((scenario) => histogram.bind({ scenario }))
    this.active = t.metrics.gauge(ACTIVE_WORKERS_METRIC).bind()
  }

  /** One finished iteration of scenario number `scenario`; a negative duration records as 0. */
  measure(scenario: number, durationMs: number, ok: boolean): void {
    ;(ok ? this.okCounters : this.errorCounters)[scenario]!.add(1)
    this.durations[scenario]!.record(Math.max(durationMs, 0))
  }

  activeVUs(n: number): void {
    this.active.set(n)
  }
}

/** VUs whose `vu-N` id is kept; an open model can create far more, and those build theirs per event. */
const KEPT_WORKER_IDS = 10_000

/** The `worker_id` of each VU, built once for the first {@link KEPT_WORKER_IDS} VUs. */
export class WorkerIds {
  private readonly ids = new Map<number, string>()

  of(vu: number): string {
    let id = this.ids.get(vu)
    if (id === undefined) {
      id = `vu-${vu}`
      if (this.ids.size < KEPT_WORKER_IDS) this.ids.set(vu, id)
    }
    return id
  }

  /** How many ids are kept. */
  get size(): number {
    return this.ids.size
  }
}

/** The feed of one run: events are built only when something listens. */
class RunFeed implements TelemetryFeed {
  private readonly t: Telemetry
  private readonly runId: string
  private readonly testName: string
  private readonly scenarios: readonly string[]
  private readonly metrics: ScenarioMetrics | undefined
  private readonly workerIds = new WorkerIds()
  private readonly start: TelemetryEvent
  private readonly stop: TelemetryEvent
  private readonly requestEvent: TelemetryEvent
  private readonly runStartEvent: TelemetryEvent
  private readonly runStopEvent: TelemetryEvent

  constructor(t: Telemetry, options: TelemetryFeedOptions) {
    this.t = t
    this.runId = options.runId
    this.testName = options.testName
    this.scenarios = options.scenarios
    this.start = t.event('foundation.load_test.scenario.start')
    this.stop = t.event('foundation.load_test.scenario.stop')
    this.requestEvent = t.event('foundation.load_test.request')
    this.runStartEvent = t.event('foundation.load_test.run.start')
    this.runStopEvent = t.event('foundation.load_test.run.stop')
    this.metrics = options.recordMetrics ? new ScenarioMetrics(t, options.scenarios) : undefined
  }

  iterationStart(scenario: number, vu: number): void {
    if (!this.start.hasHandlers()) return
    this.start.execute(
      { monotonic_time: this.t.clock.monotonic() },
      { scenario: this.scenarios[scenario]!, run_id: this.runId, worker_id: this.workerIds.of(vu) },
    )
  }

  readonly iterationStop: IterationStop = (scenario, vu, durationMs, ok, category) => {
    this.metrics?.measure(scenario, durationMs, ok)
    if (!this.stop.hasHandlers()) return
    const metadata: {
      scenario: string
      run_id: string
      worker_id: string
      success: boolean
      error?: string
    } = {
      scenario: this.scenarios[scenario]!,
      run_id: this.runId,
      worker_id: this.workerIds.of(vu),
      success: ok,
    }
    if (!ok && category !== undefined) metadata.error = category
    this.stop.execute({ duration: durationMs, monotonic_time: this.t.clock.monotonic() }, metadata)
  }

  request(scenario: number, durationMs: number, ok: boolean, category: string | undefined): void {
    this.metrics?.measure(scenario, durationMs, ok)
    if (!this.requestEvent.hasHandlers()) return
    const metadata: { scenario: string; success: boolean; run_id: string; error?: string } = {
      scenario: this.scenarios[scenario]!,
      success: ok,
      run_id: this.runId,
    }
    if (!ok && category !== undefined) metadata.error = category
    this.requestEvent.execute({ duration: durationMs }, metadata)
  }

  activeVUs(n: number): void {
    this.metrics?.activeVUs(n)
  }

  runStart(concurrency: number): void {
    if (!this.runStartEvent.hasHandlers()) return
    this.runStartEvent.execute(
      { monotonic_time: this.t.clock.monotonic() },
      { test_name: this.testName, run_id: this.runId, concurrency },
    )
  }

  runStop(durationMs: number, totals: RunTotals): void {
    if (!this.runStopEvent.hasHandlers()) return
    this.runStopEvent.execute(
      { duration: durationMs, monotonic_time: this.t.clock.monotonic(), ...totals },
      { test_name: this.testName, run_id: this.runId },
    )
  }
}
