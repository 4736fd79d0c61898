/**
 * The Foundation KPIs as callback gauges: each is computed when metrics are collected, from the
 * recent window of the metrics the events recorded (on the telemetry's clock), from the breaker
 * and pool trackers, and from the process's own usage. The gauges are created once per telemetry
 * instance and read whichever collector is attached now, so detaching and attaching again never
 * leaves a stale callback behind.
 */
import type { Metrics, Telemetry } from '@foundation-telemetry/core'

/** The Foundation KPIs at one moment. NaN where there is nothing to compute from yet. */
export interface FoundationKpis {
  /** Successful and failed registrations per second over the recent window. */
  registrationRate: number
  /** Process registry lookup time over the recent window, ms. */
  lookupLatency: { mean: number; p95: number }
  /** Closed breakers over every breaker seen since attach, 0..1. */
  circuitBreakerHealth: number
  /** Failed over total breaker calls, retry attempts and pool operations in the recent window, 0..1. */
  errorRate: number
  /** Cache hits over lookups in the recent window, 0..1. */
  cacheHitRatio: number
  /** Memory in use over the memory available, 0..1. */
  memoryUsage: number
  /** Process CPU over wall time and available cores, 0..1. */
  cpuUsage: number
  /** Connections in use, summed over pools. */
  activeConnections: number
}

/** Where the KPI figures come from; the collector implements it. */
export interface KpiSource {
  readonly window: number
  breakerHealth(): number
  /** Failed over total operations in the recent window; 0 when there were none. */
  errorRate(): number
  activeConnections(): number
  memory(): number
  cpu(): number
}

const sumOver = (metrics: Metrics, name: string, window: number) =>
  metrics.windowStats(name, window)?.sum ?? 0

function registrationRate(metrics: Metrics, window: number): number {
  return metrics.windowStats('foundation.process_registry.registrations', window)?.rate ?? 0
}

function lookupLatency(metrics: Metrics, window: number): { mean: number; p95: number } {
  const stats = metrics.windowStats('foundation.process_registry.lookup_latency', window)
  if (stats === undefined || stats.count === 0) return { mean: Number.NaN, p95: Number.NaN }
  return { mean: stats.mean, p95: stats.quantile(0.95) }
}

function cacheHitRatio(metrics: Metrics, window: number): number {
  const hits = sumOver(metrics, 'foundation.cache.hits', window)
  const lookups = hits + sumOver(metrics, 'foundation.cache.misses', window)
  return lookups > 0 ? hits / lookups : Number.NaN
}

/** Compute the KPIs from `metrics` and `source` now. */
export function computeKpis(metrics: Metrics, source: KpiSource): FoundationKpis {
  const w = source.window
  return {
    registrationRate: registrationRate(metrics, w),
    lookupLatency: lookupLatency(metrics, w),
    circuitBreakerHealth: source.breakerHealth(),
    errorRate: source.errorRate(),
    cacheHitRatio: cacheHitRatio(metrics, w),
    memoryUsage: source.memory(),
    cpuUsage: source.cpu(),
    activeConnections: source.activeConnections(),
  }
}

/** The KPI gauges of one telemetry instance and the source they read now. */
interface KpiSlot {
  source: KpiSource | undefined
}

const slots = new WeakMap<object, KpiSlot>()

type Observe = (value: number) => void

/** Each KPI gauge and how it reads its figure. */
const gauges: ReadonlyArray<
  readonly [string, (metrics: Metrics, source: KpiSource, observe: Observe) => void]
> = [
  [
    'foundation.process_registry.registration_rate',
    (m, s, observe) => observe(registrationRate(m, s.window)),
  ],
  [
    'foundation.process_registry.lookup_latency_mean',
    (m, s, observe) => observe(lookupLatency(m, s.window).mean),
  ],
  [
    'foundation.process_registry.lookup_latency_p95',
    (m, s, observe) => observe(lookupLatency(m, s.window).p95),
  ],
  ['foundation.circuit_breaker.health', (_m, s, observe) => observe(s.breakerHealth())],
  ['foundation.error_rate', (_m, s, observe) => observe(s.errorRate())],
  ['foundation.cache.hit_ratio', (m, s, observe) => observe(cacheHitRatio(m, s.window))],
  ['foundation.memory.usage', (_m, s, observe) => observe(s.memory())],
  ['foundation.cpu.usage', (_m, s, observe) => observe(s.cpu())],
]

/**
 * Point `t`'s KPI gauges at `source` (creating them on first use). Returns a function that
 * stops them reporting this source.
 */
export function attachKpiGauges(t: Telemetry, source: KpiSource): () => void {
  let slot = slots.get(t.metrics)
  if (slot === undefined) {
    const created: KpiSlot = { source: undefined }
    slot = created
    slots.set(t.metrics, created)
    for (const [name, read] of gauges) {
      t.metrics.gauge(name, {
        callback: (observe) => {
          const current = created.source
          if (current === undefined) return
          read(t.metrics, current, (value) => {
            // NaN means "nothing to compute from yet": no series rather than a NaN sample.
            if (Number.isFinite(value)) observe(value)
          })
        },
      })
    }
  }
  const own = slot
  own.source = source
  return () => {
    if (own.source === source) own.source = undefined
  }
}
