/**
 * `@foundation-telemetry/foundation-collector`: the Foundation layer's metrics and KPIs (process
 * registry, circuit breakers, rate limiters, retries, connection pools, services, resources,
 * caches), recorded from the taxonomy's `foundation.*` events. Adapters for opossum, cockatiel and
 * bottleneck live in the `/opossum`, `/cockatiel` and `/bottleneck` entry points.
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { attachFoundationCollector } from '@foundation-telemetry/foundation-collector'
 *
 * const t = createTelemetry({ service: 'gateway' })
 * const collector = attachFoundationCollector(t)
 * // ... later
 * collector.kpis().errorRate
 * ```
 */

// Collector

export type { FoundationCollector, FoundationCollectorOptions } from './collector.ts'
export { attachFoundationCollector } from './collector.ts'

// KPIs

export type { FoundationKpis } from './kpis.ts'
export type { ProcessReader } from './processUsage.ts'
export { nodeProcessReader } from './processUsage.ts'
