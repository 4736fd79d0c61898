/**
 * The hottest Foundation events' metrics are recorded by the collector's own handlers (bound
 * series, no tag set resolved per event) instead of the taxonomy path, unless the caller overrides
 * them: then the taxonomy path records them with the caller's fields.
 */
import type { MetricSpec, Telemetry } from '@foundation-telemetry/core'
import { findMetricDefinition } from '@foundation-telemetry/taxonomy'
import type { OwnMetrics } from './eventRecorder.ts'

const CALLS = 'foundation.circuit_breaker.calls'
const LATENCY = 'foundation.circuit_breaker.latency'
const OPERATIONS = 'foundation.operations'
const FAILED = 'foundation.operations.failed'

/** The metrics the collector records itself unless overridden. */
export const ownMetricNames: readonly string[] = [CALLS, LATENCY, OPERATIONS, FAILED]

/**
 * Create the instruments of the metrics the collector records itself: each one the caller did not
 * override (`given`), under the taxonomy's tag keys, marked `false` in `overrides` so the taxonomy
 * path leaves it out. An overridden one is undefined.
 */
export function claimOwnMetrics(
  t: Pick<Telemetry, 'metrics'>,
  given: Readonly<Record<string, unknown>>,
  overrides: Record<string, Partial<MetricSpec> | false>,
): OwnMetrics {
  const own = (name: string): boolean => {
    if (Object.hasOwn(given, name)) return false
    overrides[name] = false
    return true
  }
  const tagKeys = (name: string) => ({ tagKeys: findMetricDefinition(name)?.tagKeys ?? [] })
  return {
    calls: own(CALLS) ? t.metrics.counter(CALLS, tagKeys(CALLS)) : undefined,
    latency: own(LATENCY) ? t.metrics.histogram(LATENCY, tagKeys(LATENCY)) : undefined,
    operations: own(OPERATIONS) ? t.metrics.counter(OPERATIONS, tagKeys(OPERATIONS)) : undefined,
    failed: own(FAILED) ? t.metrics.counter(FAILED, tagKeys(FAILED)) : undefined,
  }
}
