/**
 * The health registry: each dependency registers a check; checks run on the telemetry's clock
 * with a timeout, each result is a `foundation.service.health_check` event and a
 * `foundation.service.health` gauge value (1 healthy, 0.5 degraded, 0 unhealthy), a change is a
 * `foundation.service.health_change` event, and {@link HealthRegistry.report} is what a `/health`
 * endpoint returns.
 */
import type { Clock, ClockTimer, Telemetry } from '@foundation-telemetry/core'
import { describeError, invalidInput } from '@foundation-telemetry/core'
import { type CheckOutcome, type HealthCheck, type HealthStatus, runHealthCheck } from './healthCheck.ts'
import { orDetached } from './orDetached.ts'

export type { CheckResult, HealthCheck, HealthStatus } from './healthCheck.ts'

/** Options of one registered check. */
export interface CheckOptions {
  /**
   * A critical dependency that is unhealthy makes the whole service unhealthy; a non-critical one
   * only degrades it. Defaults to `true`.
   */
  critical?: boolean
  /** Per-check timeout in ms. Defaults to the registry's. */
  timeout?: number
}

/** One check in a {@link HealthReport}. */
export interface CheckReport {
  status: HealthStatus
  critical: boolean
  /** How long the check took, in ms. */
  duration: number
  /** Epoch ms of the last run. */
  checkedAt: number
  details?: Record<string, unknown>
  /** Why the check failed (error message or `timeout after N ms`). */
  error?: string
}

/** The body of a `/health` response. */
export interface HealthReport {
  status: HealthStatus
  /** Seconds since the registry was created. */
  uptime: number
  version?: string
  service: string
  checks: Record<string, CheckReport>
}

/** Options of {@link createHealthRegistry}. */
export interface HealthRegistryOptions {
  /** Milliseconds between runs once started. Defaults to 30 000. */
  interval?: number
  /** Default per-check timeout in ms. Defaults to 5000. */
  timeout?: number
  /** Reported as `version`. Defaults to `npm_package_version` when set. */
  version?: string
  /** Defaults to the telemetry's clock. */
  clock?: Clock
}

/** A health registry. */
export interface HealthRegistry {
  /** Add (or replace) the check of `name`. Returns a function that removes it. */
  register(name: string, check: HealthCheck, options?: CheckOptions): () => void
  /** Run every check now; resolves with the report. Never rejects. */
  check(): Promise<HealthReport>
  /** The report of the last run (checks not yet run are absent). */
  report(): HealthReport
  /** Run the checks every `interval` on the clock (and once now). */
  start(): void
  stop(): void
  /**
   * A `node:http` style handler for `GET /health`: the report as JSON, status 200 when healthy or
   * degraded, 503 when unhealthy. Runs no check itself: it serves the last results.
   */
  handler(req: unknown, res: HealthResponse): void
}

/** The part of a `node:http` ServerResponse the handler writes. */
export interface HealthResponse {
  statusCode: number
  setHeader(name: string, value: string): unknown
  end(body: string): unknown
}

const GAUGE_VALUE: Readonly<Record<HealthStatus, number>> = { healthy: 1, degraded: 0.5, unhealthy: 0 }
const RANK: Readonly<Record<HealthStatus, number>> = { healthy: 0, degraded: 1, unhealthy: 2 }

/** One registered check and its last report. */
export interface Entry {
  check: HealthCheck
  critical: boolean
  timeout: number
  last: CheckReport | undefined
}

type HealthTelemetry = Pick<Telemetry, 'execute' | 'metrics' | 'reportError' | 'clock' | 'service'>

function invalid(t: HealthTelemetry, message: string, details: Record<string, unknown>): void {
  try {
    t.reportError(invalidInput(message, { api: 'health', ...details }))
  } catch {
    // The error hook failed; there is nowhere left to report to.
  }
}

/** `value` when it is a positive, finite number of ms; otherwise `fallback`, reported unless unset. */
function positiveMs(t: HealthTelemetry, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value === 'number' && value > 0 && Number.isFinite(value)) return value
  invalid(t, `health: ${String(value)} is not a positive number of ms; using ${fallback}`, { value })
  return fallback
}

/**
 * Tell `t` about check `name`'s new `report`: its gauge value, a `health_check` event, and a
 * `health_change` event when its status differs from `previous` (undefined on its first run).
 */
export function publishCheck(
  t: HealthTelemetry,
  name: string,
  report: CheckReport,
  previous: HealthStatus | undefined,
): void {
  t.metrics.gauge('foundation.service.health').set(GAUGE_VALUE[report.status], { service: name })
  const metadata: Record<string, unknown> = { service: name, status: report.status }
  if (report.details !== undefined) metadata.details = report.details
  t.execute('foundation.service.health_check', { duration: report.duration }, metadata as never)
  if (previous !== undefined && previous !== report.status) {
    const change: Record<string, unknown> = { service: name, from: previous, to: report.status }
    if (report.error !== undefined) change.reason = report.error
    t.execute('foundation.service.health_change', {}, change as never)
  }
}

/**
 * The service's status and the checks' last reports: the worst status over the checks that have
 * run, where an unhealthy non-critical check only degrades the service.
 */
export function rollUp(entries: Iterable<readonly [string, Entry]>): Pick<HealthReport, 'status' | 'checks'> {
  const checks: Record<string, CheckReport> = {}
  let status: HealthStatus = 'healthy'
  for (const [name, entry] of entries) {
    if (entry.last === undefined) continue
    checks[name] = entry.last
    const effective: HealthStatus =
      entry.last.status === 'unhealthy' && !entry.critical ? 'degraded' : entry.last.status
    if (RANK[effective] > RANK[status]) status = effective
  }
  return { status, checks }
}

/** Write `body` to `res` as a `/health` response: JSON, 503 when unhealthy, 200 otherwise. */
export function writeHealthResponse(res: HealthResponse, body: HealthReport): void {
  res.statusCode = body.status === 'unhealthy' ? 503 : 200
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.end(JSON.stringify(body))
}

/** The report of one run of a check that found `outcome`. */
export function checkReport(
  outcome: CheckOutcome,
  critical: boolean,
  duration: number,
  checkedAt: number,
): CheckReport {
  const report: CheckReport = { status: outcome.status, critical, duration, checkedAt }
  if (outcome.details !== undefined) report.details = outcome.details
  if (outcome.error !== undefined) report.error = outcome.error
  return report
}

/** A registry's settings, read once from its options. */
interface Settings {
  readonly clock: Clock
  readonly interval: number
  readonly timeout: number
  readonly version: string | undefined
}

/**
 * The registry. Its methods are arrow fields so each works detached from the object, as a
 * `node:http` request listener (`handler`) or a timer callback (`check`).
 */
class Registry implements HealthRegistry {
  readonly #t: HealthTelemetry
  readonly #settings: Settings
  readonly #startedAt: number
  readonly #entries = new Map<string, Entry>()
  #timer: ClockTimer | undefined = undefined
  #running: Promise<HealthReport> | undefined = undefined

  constructor(t: HealthTelemetry, settings: Settings) {
    this.#t = t
    this.#settings = settings
    this.#startedAt = settings.clock.monotonic()
  }

  readonly register = (name: string, check: HealthCheck, options: CheckOptions = {}): (() => void) => {
    if (typeof name !== 'string' || name === '' || typeof check !== 'function') {
      invalid(this.#t, 'health.register: a non-empty name and a check function are required', {
        name: String(name),
      })
      return () => {}
    }
    const entry: Entry = {
      check,
      critical: options.critical !== false,
      timeout: positiveMs(this.#t, options.timeout, this.#settings.timeout),
      last: undefined,
    }
    this.#entries.set(name, entry)
    return () => {
      if (this.#entries.get(name) === entry) this.#entries.delete(name)
    }
  }

  readonly check = (): Promise<HealthReport> => {
    // Overlapping runs (a slow check and the next tick) share one run.
    this.#running ??= Promise.all([...this.#entries].map(([name, entry]) => this.#runOne(name, entry)))
      .then(this.report, () => this.report())
      .finally(() => {
        this.#running = undefined
      })
    return this.#running
  }

  readonly report = (): HealthReport => {
    const { status, checks } = rollUp(this.#entries)
    const { clock, version } = this.#settings
    const out: HealthReport = {
      status,
      uptime: (clock.monotonic() - this.#startedAt) / 1000,
      service: this.#t.service,
      checks,
    }
    if (version !== undefined) out.version = version
    return out
  }

  readonly start = (): void => {
    if (this.#timer !== undefined) return
    this.#timer = this.#settings.clock.setInterval(() => void this.check(), this.#settings.interval)
    this.#timer.unref?.()
    void this.check()
  }

  readonly stop = (): void => {
    if (this.#timer !== undefined) this.#settings.clock.clearInterval(this.#timer)
    this.#timer = undefined
  }

  readonly handler = (_req: unknown, res: HealthResponse): void => {
    try {
      writeHealthResponse(res, this.report())
    } catch (error) {
      invalid(this.#t, `health handler failed: ${describeError(error).message}`, {})
    }
  }

  async #runOne(name: string, entry: Entry): Promise<void> {
    const { clock } = this.#settings
    const started = clock.monotonic()
    const outcome = await runHealthCheck(clock, entry.check, entry.timeout)
    // A check removed or replaced while it ran does not write over its successor.
    if (this.#entries.get(name) !== entry) return
    const previous = entry.last?.status
    entry.last = checkReport(outcome, entry.critical, clock.monotonic() - started, clock.now())
    publishCheck(this.#t, name, entry.last, previous)
  }
}

/**
 * Create a health registry on a telemetry instance.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { createHealthRegistry } from '@foundation-telemetry/foundation-collector/health'
 *
 * const t = createTelemetry({ service: 'gateway' })
 * const health = createHealthRegistry(t, { version: '1.4.2' })
 * health.register('redis', async () => ((await ping()) ? 'healthy' : 'unhealthy'))
 * health.register('search', () => ({ status: 'degraded', details: { replicas: 1 } }), { critical: false })
 * health.start()
 * createServer((req, res) => (req.url === '/health' ? health.handler(req, res) : res.end())).listen(8080)
 * ```
 */
export function createHealthRegistry(
  t: HealthTelemetry,
  options: HealthRegistryOptions = {},
): HealthRegistry {
  return orDetached(createHealthRegistryUnguarded, t, options, {})
}

function createHealthRegistryUnguarded(
  t: HealthTelemetry,
  options: HealthRegistryOptions = {},
): HealthRegistry {
  const clock = options.clock ?? t.clock
  const interval = positiveMs(t, options.interval, 30_000)
  const timeout = positiveMs(t, options.timeout, 5000)
  const version = options.version ?? process.env.npm_package_version
  return new Registry(t, { clock, interval, timeout, version })
}
