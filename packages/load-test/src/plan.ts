/**
 * Options -> a validated plan. Everything is checked before anything runs, so a bad option is one
 * {@link LoadTestConfigError} naming its field, and nothing half-runs.
 */
import { parseDuration } from './duration.ts'
import { buildProfile, type LoadProfile } from './loadProfile.ts'
import { LoadTestConfigError } from './loadTestError.ts'
import type { Executor, IterationContext, LoadTestOptions, Scenario } from './options.ts'
import { parseThreshold, type Threshold } from './threshold.ts'

/** A scenario after validation. */
export interface PlannedScenario {
  readonly name: string
  readonly weight: number
  readonly timeoutMs: number
  readonly setup: (() => unknown) | undefined
  readonly run: (ctx: IterationContext<unknown>) => unknown
  readonly teardown: ((data: unknown) => unknown) | undefined
}

/** A validated run. */
export interface Plan {
  readonly name: string
  readonly scenarios: readonly PlannedScenario[]
  readonly profile: LoadProfile
  readonly thresholds: readonly Threshold[]
  readonly gracefulStopMs: number
  readonly workers: number
  readonly module: string | URL | undefined
  /** The executor as given, for the report. */
  readonly executor: Executor
}

const DEFAULT_TIMEOUT_MS = 60_000
const DEFAULT_GRACEFUL_STOP_MS = 30_000

/** Validate `options`; throws {@link LoadTestConfigError} on the first problem. */
export function planRun(options: LoadTestOptions): Plan {
  if (typeof options !== 'object' || options === null) {
    throw new LoadTestConfigError('options', 'expected an options object')
  }
  const timeoutMs = optionalDuration(options.timeout, 'timeout') ?? DEFAULT_TIMEOUT_MS
  const scenarios = planScenarios(options.scenarios, timeoutMs)
  const warmupMs = optionalDuration(options.warmup, 'warmup') ?? 0
  const cooldownMs = optionalDuration(options.cooldown, 'cooldown') ?? 0
  const profile = planProfile(options.executor, warmupMs, cooldownMs)
  const names = new Set(scenarios.map((s) => s.name))
  if (options.thresholds !== undefined && !Array.isArray(options.thresholds)) {
    throw new LoadTestConfigError('thresholds', 'expected an array of threshold expressions')
  }
  const thresholds = (options.thresholds ?? []).map((input, i) => {
    const threshold = parseThreshold(input, `thresholds[${i}]`)
    if (threshold.scenario !== undefined && !names.has(threshold.scenario)) {
      throw new LoadTestConfigError(`thresholds[${i}]`, `no scenario named '${threshold.scenario}'`)
    }
    return threshold
  })
  const workers = options.workers ?? 0
  if (!Number.isInteger(workers) || workers < 0) {
    throw new LoadTestConfigError('workers', `expected a whole number >= 0, got ${JSON.stringify(workers)}`)
  }
  if (workers > 0 && !(typeof options.module === 'string' || options.module instanceof URL)) {
    throw new LoadTestConfigError(
      'module',
      'workers need the module (path or URL) that exports the scenarios',
    )
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new LoadTestConfigError('signal', 'expected an AbortSignal')
  }
  if (options.name !== undefined && typeof options.name !== 'string') {
    throw new LoadTestConfigError('name', 'expected a string')
  }
  for (const key of ['onProgress'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') {
      throw new LoadTestConfigError(key, 'expected a function')
    }
  }
  return {
    name: options.name ?? 'load-test',
    scenarios,
    profile,
    thresholds,
    gracefulStopMs: optionalDuration(options.gracefulStop, 'gracefulStop') ?? DEFAULT_GRACEFUL_STOP_MS,
    workers,
    module: options.module,
    executor: options.executor,
  }
}

function optionalDuration(value: unknown, field: string): number | undefined {
  return value === undefined ? undefined : parseDuration(value, field)
}

function planScenarios(input: unknown, defaultTimeoutMs: number): PlannedScenario[] {
  if (!Array.isArray(input) || input.length === 0) {
    throw new LoadTestConfigError('scenarios', 'expected a non-empty array of scenarios')
  }
  const seen = new Set<string>()
  return input.map((raw: Partial<Scenario>, i) => {
    const field = `scenarios[${i}]`
    if (typeof raw !== 'object' || raw === null)
      throw new LoadTestConfigError(field, 'expected a scenario object')
    if (typeof raw.name !== 'string' || raw.name === '') {
      throw new LoadTestConfigError(`${field}.name`, 'expected a non-empty string')
    }
    if (seen.has(raw.name))
      throw new LoadTestConfigError(`${field}.name`, `duplicate scenario name '${raw.name}'`)
    seen.add(raw.name)
    if (typeof raw.run !== 'function') throw new LoadTestConfigError(`${field}.run`, 'expected a function')
    const weight = raw.weight ?? 1
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
      throw new LoadTestConfigError(
        `${field}.weight`,
        `expected a positive number, got ${JSON.stringify(weight)}`,
      )
    }
    for (const hook of ['setup', 'teardown'] as const) {
      if (raw[hook] !== undefined && typeof raw[hook] !== 'function') {
        throw new LoadTestConfigError(`${field}.${hook}`, 'expected a function')
      }
    }
    const timeoutMs = optionalDuration(raw.timeout, `${field}.timeout`) ?? defaultTimeoutMs
    if (timeoutMs <= 0) throw new LoadTestConfigError(`${field}.timeout`, 'expected a positive duration')
    return {
      name: raw.name,
      weight,
      timeoutMs,
      setup: raw.setup as (() => unknown) | undefined,
      run: raw.run as (ctx: IterationContext<unknown>) => unknown,
      teardown: raw.teardown as ((data: unknown) => unknown) | undefined,
    }
  })
}

function count(value: unknown, field: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new LoadTestConfigError(field, `expected a whole number >= ${min}, got ${JSON.stringify(value)}`)
  }
  return value
}

function positive(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new LoadTestConfigError(field, `expected a positive number, got ${JSON.stringify(value)}`)
  }
  return value
}

function stagesOf(
  value: unknown,
  field: string,
  whole: boolean,
): Array<{ durationMs: number; target: number }> {
  if (!Array.isArray(value) || value.length === 0) {
    throw new LoadTestConfigError(field, 'expected a non-empty array of { duration, target }')
  }
  return value.map((stage: { duration?: unknown; target?: unknown } | null, i) => {
    const f = `${field}[${i}]`
    if (typeof stage !== 'object' || stage === null)
      throw new LoadTestConfigError(f, 'expected { duration, target }')
    const target = stage.target
    if (
      typeof target !== 'number' ||
      !Number.isFinite(target) ||
      target < 0 ||
      (whole && !Number.isInteger(target))
    ) {
      throw new LoadTestConfigError(
        `${f}.target`,
        `expected a ${whole ? 'whole ' : ''}number >= 0, got ${JSON.stringify(target)}`,
      )
    }
    return { durationMs: parseDuration(stage.duration, `${f}.duration`), target }
  })
}

function planProfile(executor: unknown, warmupMs: number, cooldownMs: number): LoadProfile {
  if (typeof executor !== 'object' || executor === null) {
    throw new LoadTestConfigError(
      'executor',
      'expected an executor object such as { type: "constant-vus", vus: 10, duration: "30s" }',
    )
  }
  const e = executor as Record<string, unknown>
  switch (e.type) {
    case 'constant-vus': {
      const vus = count(e.vus, 'executor.vus', 1)
      const durationMs = parseDuration(e.duration, 'executor.duration')
      const iterations =
        e.iterations === undefined ? undefined : count(e.iterations, 'executor.iterations', 1)
      return buildProfile({
        model: 'closed',
        start: vus,
        stages: [{ durationMs, target: vus }],
        warmupMs,
        cooldownMs,
        ...(iterations === undefined ? {} : { iterations }),
      })
    }
    case 'ramping-vus': {
      const stages = stagesOf(e.stages, 'executor.stages', true)
      const start = e.startVUs === undefined ? 0 : count(e.startVUs, 'executor.startVUs', 0)
      return buildProfile({ model: 'closed', start, stages, warmupMs, cooldownMs })
    }
    case 'constant-arrival-rate':
    case 'ramping-arrival-rate': {
      const unitMs = e.timeUnit === undefined ? 1000 : parseDuration(e.timeUnit, 'executor.timeUnit')
      if (unitMs <= 0) throw new LoadTestConfigError('executor.timeUnit', 'expected a positive duration')
      let start: number
      let stages: Array<{ durationMs: number; target: number }>
      if (e.type === 'constant-arrival-rate') {
        const rate = positive(e.rate, 'executor.rate')
        start = rate
        stages = [{ durationMs: parseDuration(e.duration, 'executor.duration'), target: rate }]
      } else {
        stages = stagesOf(e.stages, 'executor.stages', false)
        start = e.startRate === undefined ? 0 : Number(e.startRate)
        if (!(Number.isFinite(start) && start >= 0)) {
          throw new LoadTestConfigError(
            'executor.startRate',
            `expected a number >= 0, got ${JSON.stringify(e.startRate)}`,
          )
        }
      }
      const peak = Math.max(start, ...stages.map((s) => s.target))
      const pre =
        e.preAllocatedVUs === undefined
          ? Math.max(1, Math.min(Math.ceil(peak), 100))
          : count(e.preAllocatedVUs, 'executor.preAllocatedVUs', 1)
      const max = e.maxVUs === undefined ? pre * 10 : count(e.maxVUs, 'executor.maxVUs', 1)
      if (max < pre) throw new LoadTestConfigError('executor.maxVUs', `must be >= preAllocatedVUs (${pre})`)
      const perMs = (rate: number) => rate / unitMs
      return buildProfile({
        model: 'open',
        start: perMs(start),
        stages: stages.map((s) => ({ durationMs: s.durationMs, target: perMs(s.target) })),
        warmupMs,
        cooldownMs,
        preAllocatedVUs: pre,
        maxVUs: max,
      })
    }
    default:
      throw new LoadTestConfigError(
        'executor.type',
        `expected 'constant-vus', 'ramping-vus', 'constant-arrival-rate' or 'ramping-arrival-rate', got ${JSON.stringify(e.type)}`,
      )
  }
}
