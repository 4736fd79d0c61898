/** The KPIs the live page shows, computed from the metrics engine (`GET /api/summary`). */
import type { Telemetry } from '@foundation-telemetry/core'
import { summaryWindow } from './requestMetrics.ts'
import type { Workload } from './workload.ts'

/** The JSON body of `/api/summary`. */
export interface DemoSummary {
  service: string
  uptimeSeconds: number
  requests: { total: number; byOutcome: Record<string, number> }
  /** Over the last 10 s. */
  recent: { requestsPerSecond: number; p50Ms: number | null; p99Ms: number | null; errorRatio: number | null }
  breakers: Record<string, string>
  registry: { processes: number }
}

function finite(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) ? null : Math.round(value * 1000) / 1000
}

/** Compute the summary now. */
export function demoSummary(t: Telemetry, workload: Workload, startedAt: number): DemoSummary {
  const byOutcome: Record<string, number> = {}
  let total = 0
  for (const metric of t.metrics.collect({ temporality: 'cumulative' })) {
    if (metric.name !== 'demo.requests') continue
    for (const series of metric.series) {
      const outcome = series.tags.outcome ?? 'unknown'
      byOutcome[outcome] = (byOutcome[outcome] ?? 0) + (series.value ?? 0)
      total += series.value ?? 0
    }
  }
  const duration = t.metrics.windowStats('demo.request.duration', summaryWindow)
  const errors = t.metrics.windowStats('demo.request.errors', summaryWindow)
  const errorRatio =
    duration === undefined || errors === undefined || duration.count === 0
      ? undefined
      : errors.sum / duration.count
  const breakers: Record<string, string> = {}
  for (const breaker of workload.breakers) breakers[breaker.name] = breaker.state()
  return {
    service: t.service,
    uptimeSeconds: Math.round((t.clock.now() - startedAt) / 1000),
    requests: { total, byOutcome },
    recent: {
      requestsPerSecond: finite(duration?.rate) ?? 0,
      p50Ms: finite(duration?.quantile(0.5)),
      p99Ms: finite(duration?.quantile(0.99)),
      errorRatio: finite(errorRatio),
    },
    breakers,
    registry: { processes: workload.registry.size() },
  }
}
