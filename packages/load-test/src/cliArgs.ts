/**
 * `ft-load` arguments: parsed strictly (an unknown flag or a bad number is one line naming it),
 * and merged over the scenario file's options, flags winning.
 */
import { parseArgs } from 'node:util'
import { durationMs } from './duration.ts'
import { LoadTestConfigError } from './loadTestError.ts'
import type { Executor, LoadTestOptions } from './options.ts'

/** What the command line asked for. */
export interface CliRequest {
  command: 'run' | 'help' | 'version'
  file?: string
  out?: string
  html?: string
  quiet: boolean
  progress: boolean
  /** Options that override the file's. */
  overrides: Partial<LoadTestOptions>
  /** Executor fields given on the command line. */
  executorFlags: {
    vus?: number
    duration?: string
    iterations?: number
    rate?: number
    timeUnit?: string
    maxVUs?: number
  }
}

export const USAGE = `Usage: ft-load run <scenario-file> [options]

Runs the scenarios a file exports (export default { scenarios, executor?, thresholds?, ... }).
Flags override the file.

  --vus N             constant-vus with N virtual users (closed model)
  --duration D        how long to generate load, e.g. 30s, 2m
  --iterations N      stop after N iterations in total (closed model)
  --rate R            constant-arrival-rate: R iterations per --time-unit (open model)
  --time-unit D       the rate's unit (default 1s)
  --max-vus N         open model: most VUs allocated (default 10 x pre-allocated)
  --warmup D          load before measuring (excluded from results)
  --cooldown D        load after measuring (excluded from results)
  --threshold EXPR    e.g. 'p95<5ms', 'error_rate<0.01', 'p99{scenario:read}<10ms over 10s' (repeatable)
  --timeout D         iteration timeout (default 60s)
  --workers N         run VUs in N worker threads
  --name NAME         the test's name in reports
  --out FILE          write the JSON report
  --html FILE         write the HTML report (self-contained)
  --no-progress       no progress display
  --quiet             print only errors (no table)
  -h, --help          this text
  -v, --version       the version

Exit codes: 0 passed, 1 a threshold failed, 2 bad input (nothing ran), 130 interrupted.`

function whole(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < min)
    throw new LoadTestConfigError(flag, `expected a whole number >= ${min}, got '${value}'`)
  return n
}

function duration(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  if (durationMs(value) === undefined)
    throw new LoadTestConfigError(flag, `expected a duration such as 30s or 1m30s, got '${value}'`)
  return value
}

/** Parse `argv` (without node and the script). Throws {@link LoadTestConfigError} on bad flags. */
export function parseCliArgs(argv: readonly string[]): CliRequest {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n', 1)[0]! : String(error)
    throw new LoadTestConfigError('arguments', message)
  }
  const { values, positionals } = parsed
  const base = {
    quiet: values.quiet === true,
    progress: values['no-progress'] !== true,
    overrides: {},
    executorFlags: {},
  }
  if (values.help === true) return { ...base, command: 'help' }
  if (values.version === true) return { ...base, command: 'version' }
  const [command, file, ...extra] = positionals
  if (command === undefined) return { ...base, command: 'help' }
  if (command !== 'run')
    throw new LoadTestConfigError('command', `unknown command '${command}' (expected 'run')`)
  if (file === undefined)
    throw new LoadTestConfigError('scenario file', 'missing: ft-load run <scenario-file>')
  if (extra.length > 0) throw new LoadTestConfigError('arguments', `unexpected '${extra[0]}'`)
  const rate = values.rate === undefined ? undefined : Number(values.rate)
  if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) {
    throw new LoadTestConfigError('--rate', `expected a positive number, got '${values.rate}'`)
  }
  const overrides: Partial<LoadTestOptions> = {}
  const warmup = duration('--warmup', values.warmup)
  const cooldown = duration('--cooldown', values.cooldown)
  const timeout = duration('--timeout', values.timeout)
  const workers = whole('--workers', values.workers, 0)
  if (warmup !== undefined) overrides.warmup = warmup
  if (cooldown !== undefined) overrides.cooldown = cooldown
  if (timeout !== undefined) overrides.timeout = timeout
  if (workers !== undefined) overrides.workers = workers
  if (values.name !== undefined) overrides.name = values.name
  if (values.threshold !== undefined) overrides.thresholds = values.threshold
  const executorFlags: CliRequest['executorFlags'] = {}
  const set = <TKey extends keyof CliRequest['executorFlags']>(
    key: TKey,
    value: CliRequest['executorFlags'][TKey] | undefined,
  ) => {
    if (value !== undefined) executorFlags[key] = value
  }
  set('vus', whole('--vus', values.vus, 1))
  set('duration', duration('--duration', values.duration))
  set('iterations', whole('--iterations', values.iterations, 1))
  set('rate', rate)
  set('timeUnit', duration('--time-unit', values['time-unit']))
  set('maxVUs', whole('--max-vus', values['max-vus'], 1))
  return {
    ...base,
    command: 'run',
    file,
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values.html === undefined ? {} : { html: values.html }),
    overrides,
    executorFlags,
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      vus: { type: 'string' },
      duration: { type: 'string' },
      iterations: { type: 'string' },
      rate: { type: 'string' },
      'time-unit': { type: 'string' },
      'max-vus': { type: 'string' },
      warmup: { type: 'string' },
      cooldown: { type: 'string' },
      threshold: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      workers: { type: 'string' },
      name: { type: 'string' },
      out: { type: 'string' },
      html: { type: 'string' },
      'no-progress': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  })
}

/**
 * The file's options with the command line's on top. `--rate` selects the open model,
 * `--vus`/`--duration`/`--iterations` the closed one; other executor fields come from the file's
 * executor when it has the same model.
 */
export function mergeOptions(file: Partial<LoadTestOptions>, request: CliRequest): Partial<LoadTestOptions> {
  const merged: Partial<LoadTestOptions> = { ...file, ...request.overrides }
  const flags = request.executorFlags
  const fileExecutor = file.executor as Partial<Executor> | undefined
  const fileDuration = (fileExecutor as { duration?: string | number } | undefined)?.duration
  if (flags.rate !== undefined) {
    const same = fileExecutor?.type === 'constant-arrival-rate' ? fileExecutor : undefined
    const preAllocatedVUs = flags.vus ?? same?.preAllocatedVUs
    const maxVUs = flags.maxVUs ?? same?.maxVUs
    const timeUnit = flags.timeUnit ?? same?.timeUnit
    merged.executor = {
      type: 'constant-arrival-rate',
      rate: flags.rate,
      duration: flags.duration ?? fileDuration ?? '30s',
      ...(timeUnit === undefined ? {} : { timeUnit }),
      ...(preAllocatedVUs === undefined ? {} : { preAllocatedVUs }),
      ...(maxVUs === undefined ? {} : { maxVUs }),
    }
  } else if (flags.vus !== undefined || flags.duration !== undefined || flags.iterations !== undefined) {
    const same = fileExecutor?.type === 'constant-vus' ? fileExecutor : undefined
    const iterations = flags.iterations ?? same?.iterations
    merged.executor = {
      type: 'constant-vus',
      vus: flags.vus ?? same?.vus ?? 10,
      duration: flags.duration ?? fileDuration ?? '30s',
      ...(iterations === undefined ? {} : { iterations }),
    }
  } else if (merged.executor === undefined) {
    merged.executor = { type: 'constant-vus', vus: 10, duration: '30s' }
  }
  return merged
}
