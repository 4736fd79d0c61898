/**
 * The health registry: each dependency registers a check; checks run on the telemetry's clock
 * with a timeout, each result is a `foundation.service.health_check` event and a
 * `foundation.service.health` gauge value (1 healthy, 0.5 degraded, 0 unhealthy), a change is a
 * `foundation.service.health_change` event, and {@link HealthRegistry.report} is what a `/health`
 * endpoint returns.
 */
import type { Clock, ClockTimer, Telemetry } from '@foundation-telemetry/core'
import { describeError, invalidInput } from '@foundation-telemetry/core'
import { orDetached } from './orDetached.ts'

/** A dependency's health, worst last. */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy'

/** What a check returns: a status, or a status with details (shown in the report). */
export type CheckResult = HealthStatus | { status: HealthStatus; details?: Record<string, unknown> }

/** A health check. Throwing, rejecting or passing its timeout counts as `unhealthy`. */
export type HealthCheck = () => CheckResult | Promise<CheckResult>

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

interface Entry {
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

function normalise(result: unknown): { status: HealthStatus; details?: Record<string, unknown> } | undefined {
  if (result === 'healthy' || result === 'degraded' || result === 'unhealthy') return { status: result }
  if (typeof result === 'object' && result !== null) {
    const { status, details } = result as { status?: unknown; details?: unknown }
    if (status === 'healthy' || status === 'degraded' || status === 'unhealthy') {
      return typeof details === 'object' && details !== null
        ? { status, details: details as Record<string, unknown> }
        : { status }
    }
  }
  return undefined
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
  const interval = positive(options.interval, 30_000)
  const defaultTimeout = positive(options.timeout, 5000)
  const version = options.version ?? process.env.npm_package_version
  const startedAt = clock.monotonic()
  const entries = new Map<string, Entry>()
  let timer: ClockTimer | undefined
  let running: Promise<HealthReport> | undefined

  function positive(value: number | undefined, fallback: number): number {
    if (value === undefined) return fallback
    if (typeof value === 'number' && value > 0 && Number.isFinite(value)) return value
    invalid(t, `health: ${String(value)} is not a positive number of ms; using ${fallback}`, { value })
    return fallback
  }

  async function runOne(name: string, entry: Entry): Promise<void> {
    const started = clock.monotonic()
    let outcome: { status: HealthStatus; details?: Record<string, unknown>; error?: string }
    let timeoutTimer: ClockTimer | undefined
    try {
      const timedOut = new Promise<'timeout'>((resolve) => {
        timeoutTimer = clock.setTimeout(() => resolve('timeout'), entry.timeout)
        timeoutTimer.unref?.()
      })
      const result = await Promise.race([Promise.resolve().then(entry.check), timedOut])
      if (result === 'timeout') outcome = { status: 'unhealthy', error: `timeout after ${entry.timeout} ms` }
      else
        outcome = normalise(result) ?? {
          status: 'unhealthy',
          error: `check returned ${describeError(result).message}`,
        }
    } catch (error) {
      outcome = { status: 'unhealthy', error: describeError(error).message }
    } finally {
      if (timeoutTimer !== undefined) clock.clearTimeout(timeoutTimer)
    }
    // A check removed or replaced while it ran does not write over its successor.
    if (entries.get(name) !== entry) return
    const previous = entry.last?.status
    const report: CheckReport = {
      status: outcome.status,
      critical: entry.critical,
      duration: clock.monotonic() - started,
      checkedAt: clock.now(),
    }
    if (outcome.details !== undefined) report.details = outcome.details
    if (outcome.error !== undefined) report.error = outcome.error
    entry.last = report
    t.metrics.gauge('foundation.service.health').set(GAUGE_VALUE[outcome.status], { service: name })
    const metadata: Record<string, unknown> = { service: name, status: outcome.status }
    if (outcome.details !== undefined) metadata.details = outcome.details
    t.execute('foundation.service.health_check', { duration: report.duration }, metadata as never)
    if (previous !== undefined && previous !== outcome.status) {
      const change: Record<string, unknown> = { service: name, from: previous, to: outcome.status }
      if (outcome.error !== undefined) change.reason = outcome.error
      t.execute('foundation.service.health_change', {}, change as never)
    }
  }

  function report(): HealthReport {
    const checks: Record<string, CheckReport> = {}
    let status: HealthStatus = 'healthy'
    for (const [name, entry] of entries) {
      if (entry.last === undefined) continue
      checks[name] = entry.last
      const effective: HealthStatus =
        entry.last.status === 'unhealthy' && !entry.critical ? 'degraded' : entry.last.status
      if (RANK[effective] > RANK[status]) status = effective
    }
    const out: HealthReport = {
      status,
      uptime: (clock.monotonic() - startedAt) / 1000,
      service: t.service,
      checks,
    }
    if (version !== undefined) out.version = version
    return out
  }

  function check(): Promise<HealthReport> {
    // Overlapping runs (a slow check and the next tick) share one run.
    running ??= Promise.all([...entries].map(([name, entry]) => runOne(name, entry)))
      .then(report, () => report())
      .finally(() => {
        running = undefined
      })
    return running
  }

  return {
    register(name, fn, checkOptions = {}) {
      if (typeof name !== 'string' || name === '' || typeof fn !== 'function') {
        invalid(t, 'health.register: a non-empty name and a check function are required', {
          name: String(name),
        })
        return () => {}
      }
      const entry: Entry = {
        check: fn,
        critical: checkOptions.critical !== false,
        timeout: positive(checkOptions.timeout, defaultTimeout),
        last: undefined,
      }
      entries.set(name, entry)
      return () => {
        if (entries.get(name) === entry) entries.delete(name)
      }
    },
    check,
    report,
    start() {
      if (timer !== undefined) return
      timer = clock.setInterval(() => void check(), interval)
      timer.unref?.()
      void check()
    },
    stop() {
      if (timer !== undefined) clock.clearInterval(timer)
      timer = undefined
    },
    handler(_req, res) {
      try {
        const body = report()
        res.statusCode = body.status === 'unhealthy' ? 503 : 200
        res.setHeader('Content-Type', 'application/json; charset=utf-8')
        res.setHeader('Cache-Control', 'no-store')
        res.end(JSON.stringify(body))
      } catch (error) {
        invalid(t, `health handler failed: ${describeError(error).message}`, {})
      }
    },
  }
}
