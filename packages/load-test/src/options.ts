/**
 * The public option types of {@link runLoadTest}: scenarios, executors, thresholds and the rest.
 */
import type { Clock, Telemetry } from '@foundation-telemetry/core'
import type { Duration } from './duration.ts'
import type { ThresholdInput } from './threshold.ts'

/** What a scenario's `run` receives on every iteration. */
export interface IterationContext<TData = unknown> {
  /** The scenario's name. */
  readonly scenario: string
  /** The virtual user running this iteration (1-based, unique within a worker). */
  readonly vu: number
  /** The worker thread (0 when not using `workers`). */
  readonly worker: number
  /** This VU's iteration number (0-based, all scenarios). */
  readonly iteration: number
  /** What the scenario's `setup` returned (undefined without one). */
  readonly data: TData
  /** Per-VU scratch space that lives as long as the VU. */
  readonly state: Record<string, unknown>
  /** Aborted when the iteration times out or the test stops: pass it to requests. */
  readonly signal: AbortSignal
  /** Wait `ms` on the test's clock (think time); resolves early when `signal` aborts. */
  pause(ms: number): Promise<void>
  /** The telemetry instance the test reports to. */
  readonly telemetry: Telemetry
}

/** One weighted scenario. */
export interface Scenario<TData = unknown> {
  /** Unique name; reports, metrics (`scenario` tag) and threshold filters use it. */
  name: string
  /** Relative share of iterations; positive. Defaults to 1. */
  weight?: number
  /** Runs once before load starts; its result is every iteration's `ctx.data`. */
  setup?: () => TData | Promise<TData>
  /** One iteration. A throw or rejection is counted as an error; the VU carries on. */
  run: (ctx: IterationContext<TData>) => unknown
  /** Runs once after load stops, with `setup`'s result. */
  teardown?: (data: TData) => unknown
  /** An iteration running longer than this counts as a `timeout` error. Defaults to the test's `timeout`. */
  timeout?: Duration
}

/** Closed model: a fixed number of VUs, each looping for `duration`. */
export interface ConstantVusExecutor {
  type: 'constant-vus'
  vus: number
  duration: Duration
  /** Stop after this many iterations in total (over every VU), even before `duration`. */
  iterations?: number
}

/** A stage of a ramp: move linearly to `target` over `duration`. */
export interface Stage {
  duration: Duration
  target: number
}

/** Closed model: the VU count follows `stages`. */
export interface RampingVusExecutor {
  type: 'ramping-vus'
  stages: Stage[]
  /** VUs at the start of the first stage. Defaults to 0. */
  startVUs?: number
}

/** Open model: `rate` iterations start per `timeUnit`, whatever the system's latency. */
export interface ConstantArrivalRateExecutor {
  type: 'constant-arrival-rate'
  rate: number
  /** Defaults to `'1s'`. */
  timeUnit?: Duration
  duration: Duration
  /** VUs allocated up front. Defaults to `min(rate, 100)`. */
  preAllocatedVUs?: number
  /** Most VUs ever allocated; an iteration due when all are busy is dropped. Defaults to `preAllocatedVUs * 10`. */
  maxVUs?: number
}

/** Open model: the arrival rate follows `stages` (`target` is a rate per `timeUnit`). */
export interface RampingArrivalRateExecutor {
  type: 'ramping-arrival-rate'
  stages: Stage[]
  /** Rate at the start of the first stage. Defaults to 0. */
  startRate?: number
  /** Defaults to `'1s'`. */
  timeUnit?: Duration
  preAllocatedVUs?: number
  maxVUs?: number
}

/** How load is generated. */
export type Executor =
  | ConstantVusExecutor
  | RampingVusExecutor
  | ConstantArrivalRateExecutor
  | RampingArrivalRateExecutor

/** A progress sample, about once a second while the test runs. */
export interface ProgressSample {
  /** Current phase. */
  phase: 'setup' | 'warmup' | 'main' | 'cooldown' | 'stopping'
  /** Time in the whole load period, ms, and its planned length. */
  elapsedMs: number
  totalMs: number
  /** Measured (main-phase) iterations and errors so far. */
  iterations: number
  errors: number
  dropped: number
  /** Iterations per second over the last 10 s. */
  rate: number
  /** p95 latency over the last 10 s, ms (NaN before any). */
  p95: number
  activeVUs: number
}

/** Options of {@link runLoadTest}. */
export interface LoadTestOptions {
  /** A name for reports and the `test_name` metadata. Defaults to `'load-test'`. */
  name?: string
  /** Where events and metrics go. Defaults to core's default `telemetry` instance. */
  telemetry?: Telemetry
  // biome-ignore lint/suspicious/noExplicitAny: scenarios carry their own setup data types.
  scenarios: Scenario<any>[]
  executor: Executor
  /** Load before the measured phase, excluded from results. Defaults to 0. */
  warmup?: Duration
  /** Load after the measured phase, excluded from results. Defaults to 0. */
  cooldown?: Duration
  /** Threshold expressions, e.g. `['p95<5ms', 'error_rate<0.01', 'p99{scenario:read}<10ms over 10s']`. */
  thresholds?: ThresholdInput[]
  /** Stop early (Ctrl-C); the report covers what ran and says it was aborted. */
  signal?: AbortSignal
  /** Default iteration timeout. Defaults to 60 s. */
  timeout?: Duration
  /** How long in-flight iterations may finish after load stops. Defaults to 30 s. */
  gracefulStop?: Duration
  /** The clock driving schedules and measurements. Defaults to the telemetry's clock. */
  clock?: Clock
  /** Called about once a second with progress. */
  onProgress?: (sample: ProgressSample) => void
  /**
   * Record the taxonomy's `foundation.load_test.*` metrics (requests, request duration, active
   * workers). The load test is their one recorder: `attachTaxonomyMetrics` and the Foundation
   * collector leave them out, so attaching either next to a load test counts each request once.
   * Pass `false` for no load-test metrics at all (the events are still emitted). Defaults to true.
   */
  recordMetrics?: boolean
  /**
   * Run the VUs in this many worker threads (CPU-bound generators). Requires `module`.
   * Defaults to 0 (VUs run on this thread).
   */
  workers?: number
  /**
   * With `workers`: the module (path or file URL) whose default export holds these scenarios;
   * each worker imports it, since functions cannot cross threads.
   */
  module?: string | URL
}
