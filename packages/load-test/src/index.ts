/**
 * `@foundation-telemetry/load-test`: scenario-based load generation measured through telemetry.
 * Every iteration is a `foundation.load_test.*` event and feeds the taxonomy's load-test metrics,
 * so the dashboards, alerts and test helpers that watch an app also watch its load test.
 *
 * @example
 * ```ts
 * import { runLoadTest } from '@foundation-telemetry/load-test'
 *
 * const report = await runLoadTest({
 *   scenarios: [{ name: 'home', run: async (ctx) => { await fetch('http://127.0.0.1:3000/', { signal: ctx.signal }) } }],
 *   executor: { type: 'constant-arrival-rate', rate: 200, duration: '30s' },
 *   thresholds: ['p95<50ms', 'error_rate<0.01'],
 * })
 * ```
 */

// Running

export { runLoadTest } from './runLoadTest.ts'
export type { RunSimpleOptions } from './runSimple.ts'
export { runSimple } from './runSimple.ts'

// Options

export type { Duration } from './duration.ts'
export { durationMs, formatDuration } from './duration.ts'
export type {
  ConstantArrivalRateExecutor,
  ConstantVusExecutor,
  Executor,
  IterationContext,
  LoadTestOptions,
  ProgressSample,
  RampingArrivalRateExecutor,
  RampingVusExecutor,
  Scenario,
  Stage,
} from './options.ts'
export type {
  Threshold,
  ThresholdComparator,
  ThresholdInput,
  ThresholdObject,
  ThresholdStatistic,
} from './threshold.ts'
export { parseThreshold } from './threshold.ts'

// Reports

export type { ErrorCategory } from './errorTally.ts'
export { renderHtmlReport } from './htmlReport.ts'
export type { LoadTestReport, ScenarioReport } from './report.ts'
export type { LatencySummary } from './scenarioStats.ts'
export { renderTextReport } from './textReport.ts'
export type { ThresholdResult } from './thresholdEvaluator.ts'
export type { TimelinePoint } from './timeline.ts'

// Errors

export { LoadTestConfigError, LoadTestErrorCode } from './loadTestError.ts'
export { LoadTestSetupError } from './setupError.ts'

// HTTP

export type { HttpClient, HttpClientOptions, HttpRequestOptions, HttpResponse } from './http.ts'
export { createHttpClient, HttpStatusError } from './http.ts'
