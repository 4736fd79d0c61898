/**
 * `attachFoundationCollector`: the Foundation layer's metrics and KPIs on one telemetry instance.
 * The metrics are the taxonomy's, declared through core's `attachTaxonomyMetrics` (one handler per
 * event name, nothing computed twice), except the breaker-call and error-rate metrics, which the
 * collector's own handler records along with its bookkeeping (one handler per event name, see
 * `eventHandlers.ts`); the KPIs are callback gauges computed at collection.
 */

import {
  attachTaxonomyMetrics,
  detachOnce,
  invalidInput,
  type MetricSpec,
  positiveOption,
  readOptions,
  reportAttachFailure,
  type Telemetry,
  TelemetryErrorCode,
} from '@foundation-telemetry/core'
import { type ActiveConnections, createActiveConnections } from './activeConnections.ts'
import { type BreakerHealth, createBreakerHealth } from './breakerHealth.ts'
import { attachEventHandlers } from './eventHandlers.ts'
import { hasMethods } from './hasMethods.ts'
import { compileInputChecks } from './inputCheck.ts'
import { attachKpiGauges, computeKpis, type FoundationKpis, type KpiSource } from './kpis.ts'
import { foundationOverrides, layerOverrides } from './metricOverrides.ts'
import { claimOwnMetrics } from './ownMetrics.ts'
import {
  createProcessUsage,
  nodeProcessReader,
  type ProcessReader,
  type ProcessUsage,
} from './processUsage.ts'
import { RecentOperations } from './recentOperations.ts'
import { createOnceReporter, type OnceReporter } from './reportOnce.ts'

/** Options of {@link attachFoundationCollector}. */
export interface FoundationCollectorOptions {
  /** The recent window of the rate, latency, error-rate and hit-ratio KPIs, ms. Defaults to 60 000 (1 min). */
  window?: number
  /**
   * Per taxonomy metric: fields replacing the collector's definition (buckets, windows, tag keys,
   * ...), or `false` to leave the metric out. Applied on top of the collector's own.
   */
  overrides?: Readonly<Record<string, Partial<MetricSpec> | false>>
  /**
   * Check each Foundation event's metadata against the taxonomy and report a missing or
   * wrongly typed key once per event and key. Defaults to `true`.
   */
  checkInput?: boolean
  /** Where memory and CPU usage are read from. Defaults to this Node.js process. */
  processReader?: ProcessReader
  /** Circuit breakers tracked for the health KPI before new names are ignored. Defaults to 10 000. */
  maxBreakers?: number
}

/** An attached Foundation collector. */
export interface FoundationCollector {
  /** Detach every handler; the KPI gauges stop reporting. Idempotent. */
  detach(): void
  /** The Foundation KPIs now, from the same figures the KPI gauges report. */
  kpis(): FoundationKpis
}

const DEFAULT_WINDOW = 60_000
let collectors = 0

function isTelemetry(value: unknown): value is Telemetry {
  return (
    hasMethods(value, ['attach', 'reportError']) &&
    typeof (value as { metrics?: unknown }).metrics === 'object'
  )
}

function emptyKpis(): FoundationKpis {
  return {
    registrationRate: 0,
    lookupLatency: { mean: Number.NaN, p95: Number.NaN },
    circuitBreakerHealth: Number.NaN,
    errorRate: 0,
    cacheHitRatio: Number.NaN,
    memoryUsage: Number.NaN,
    cpuUsage: Number.NaN,
    activeConnections: 0,
  }
}

/**
 * Record every `foundation.*` event of the taxonomy as its metrics, under the taxonomy's names and
 * tag keys, and report the Foundation KPIs (registration rate, lookup latency, breaker health,
 * error rate, cache hit ratio, memory and CPU usage, active connections) whenever metrics are
 * collected. Never throws: a bad argument is reported through the telemetry's error hook and a
 * collector that does nothing is returned.
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { attachFoundationCollector } from '@foundation-telemetry/foundation-collector'
 *
 * const t = createTelemetry({ service: 'gateway' })
 * const collector = attachFoundationCollector(t)
 * t.execute('foundation.circuit_breaker.state_change', {}, { name: 'payments', from: 'closed', to: 'open' })
 * collector.kpis().circuitBreakerHealth // 0
 * ```
 */
export function attachFoundationCollector(
  t: Telemetry,
  options: FoundationCollectorOptions = {},
): FoundationCollector {
  try {
    const opts = readOptions<FoundationCollectorOptions>(t, 'attachFoundationCollector', options, [
      'window',
      'overrides',
      'checkInput',
      'processReader',
      'maxBreakers',
    ])
    return attach(t, opts)
  } catch (error) {
    // Hostile arguments (a getter or proxy trap that throws): report where possible, attach nothing.
    reportAttachFailure(t, 'attachFoundationCollector', error)
    return { detach() {}, kpis: emptyKpis }
  }
}

/** Report that `t` is not a telemetry instance, through its `reportError` if it has one. */
function reportNotTelemetry(t: unknown): void {
  const report = (t as { reportError?: unknown } | null | undefined)?.reportError
  if (typeof report !== 'function') return
  try {
    report.call(
      t,
      invalidInput('attachFoundationCollector: the first argument must be a telemetry instance', {
        api: 'attachFoundationCollector',
      }),
    )
  } catch {
    // Nowhere left to report to.
  }
}

function readWindow(value: number | undefined, reporter: OnceReporter): number {
  return positiveOption(value, DEFAULT_WINDOW, (window) =>
    reporter.report(
      'option:window',
      TelemetryErrorCode.INVALID_INPUT,
      'attachFoundationCollector: window must be a positive number of ms',
      { api: 'attachFoundationCollector', window },
    ),
  )
}

/** The collector's bookkeeping that its handlers feed and its KPIs read. */
interface Books {
  breakers: BreakerHealth
  pools: ActiveConnections
  recent: RecentOperations
}

function kpiSource(window: number, books: Books, usage: ProcessUsage): KpiSource {
  const { breakers, pools, recent } = books
  return {
    window,
    breakerHealth: breakers.health,
    errorRate: () => recent.errorRate(),
    activeConnections: pools.total,
    memory: usage.memory,
    cpu: usage.cpu,
  }
}

function attach(t: Telemetry, options: FoundationCollectorOptions): FoundationCollector {
  if (!isTelemetry(t)) {
    reportNotTelemetry(t)
    return { detach() {}, kpis: emptyKpis }
  }
  const reporter = createOnceReporter(t)
  const opts = typeof options === 'object' && options !== null ? options : {}
  // A null window counts as unset: the default, unreported.
  const window = readWindow(opts.window ?? undefined, reporter)
  const id = `foundation-collector.${++collectors}`
  const given = typeof opts.overrides === 'object' && opts.overrides !== null ? opts.overrides : {}
  const overrides = layerOverrides(foundationOverrides(window), given)
  const ownMetrics = claimOwnMetrics(t, given, overrides)
  const metrics = attachTaxonomyMetrics(t, { layers: ['foundation'], overrides })
  const books: Books = {
    breakers: createBreakerHealth(reporter, opts.maxBreakers),
    pools: createActiveConnections(),
    recent: new RecentOperations(t.clock, window),
  }
  const detachHandlers = attachEventHandlers(t, `${id}.events`, {
    reporter,
    checks: opts.checkInput === false ? null : compileInputChecks(),
    ...books,
    metrics: ownMetrics,
  })
  const source = kpiSource(
    window,
    books,
    createProcessUsage(opts.processReader ?? nodeProcessReader, t.clock),
  )
  const detachGauges = attachKpiGauges(t, source)
  return {
    detach: detachOnce([detachGauges, () => metrics.detach(), detachHandlers, () => books.recent.stop()]),
    kpis: () => computeKpis(t.metrics, source),
  }
}
