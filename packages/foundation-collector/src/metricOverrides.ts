/**
 * Where a Foundation metric needs more than the taxonomy's data to be recorded from its events:
 * the error rate's two counters (which events fail), the process count (+1 / -1), service health
 * from either of its two events, evictions from sweeps, and the recent windows the KPIs read.
 * Everything else comes from `attachTaxonomyMetrics` unchanged. The breaker-call and error-rate
 * metrics are recorded by the collector's own handler; their entries here apply only when a
 * caller overrides one of them (the override lands on top of these).
 */
import {
  BoundedCache,
  type Metadata,
  type MetricSpec,
  outcomeReader,
  type TagValue,
} from '@foundation-telemetry/core'

const register = 'foundation.process_registry.register'
const unregisterStop = 'foundation.process_registry.unregister.stop'
const cacheCleanup = 'foundation.cache.cleanup'
const healthValue: Readonly<Record<string, number>> = { healthy: 1, degraded: 0.5, unhealthy: 0 }

/** The `kind` tag of the error-rate counters: which part of the layer an operation belongs to. */
export function operationKind(event: string): string {
  if (event.startsWith('foundation.circuit_breaker.')) return 'circuit_breaker'
  if (event.startsWith('foundation.retry.')) return 'retry'
  return 'connection_pool'
}

/** The outcome an event's metadata gives (`outcome`, when a string); undefined lets the event's own stand. */
export function givenOutcome(metadata: Metadata): string | undefined {
  const given = metadata.outcome
  return typeof given === 'string' ? given : undefined
}

/**
 * Whether an operation failed, for the error rate and `foundation.operations.failed`: its event's
 * outcome is no success, or its metadata gives `outcome: 'failure'`. Other given outcomes
 * (`cancelled`, `fallback`) leave the event's outcome to decide.
 */
export function operationFailed(derived: string, given: string | undefined): boolean {
  return derived !== 'success' || given === 'failure'
}

/** Per-event-name memos hold at most this many names (the layer has far fewer events). */
const MAX_EVENT_NAMES = 256

/** `build(event)` remembered per event name in a memo of one collector's overrides. */
function perEvent<T>(build: (event: string) => T): (event: string) => T {
  const built = new BoundedCache<string, T>(MAX_EVENT_NAMES)
  return (event) => built.get(event) ?? built.set(event, build(event))
}

/** The outcome of one event (`success` or a failure), its reader resolved once per event name. */
type OutcomeOf = (event: string, metadata: Metadata) => string

/** Tag objects kept per breaker name and outcome: past this many names, new ones are built per event. */
const MAX_SHARED_CALL_TAGS = 4096
type CallTags = { name: TagValue | null | undefined; outcome: string }

/**
 * The call counter's tags, one shared object per breaker name and outcome instead of one built per
 * event: the counter keeps exactly these two keys and copies what it keeps, and a call is the
 * layer's hottest event.
 */
function callTagReader(
  outcomeOf: OutcomeOf,
): (metadata: Metadata, measurements: unknown, event: string) => CallTags {
  const byOutcome = new Map<string, Map<unknown, CallTags>>()
  let size = 0
  return (metadata, _m, event) => {
    const outcome = givenOutcome(metadata) ?? outcomeOf(event, metadata)
    let byName = byOutcome.get(outcome)
    if (byName === undefined) {
      byName = new Map()
      byOutcome.set(outcome, byName)
    }
    const name = metadata.name as TagValue | null | undefined
    let tags = byName.get(name)
    if (tags === undefined) {
      tags = { name, outcome }
      if (size < MAX_SHARED_CALL_TAGS) {
        byName.set(name, tags)
        size++
      }
    }
    return tags
  }
}

/**
 * A caller's overrides on top of the collector's, field by field as `attachTaxonomyMetrics` lays
 * an override on a definition: `{ tagKeys: [] }` on `foundation.operations.failed` keeps the
 * collector's failure filter. `false` (or anything but an object) stands as given.
 */
export function layerOverrides(
  ours: Record<string, Partial<MetricSpec> | false>,
  given: Readonly<Record<string, Partial<MetricSpec> | false>>,
): Record<string, Partial<MetricSpec> | false> {
  const layered = { ...ours }
  for (const [name, override] of Object.entries(given)) {
    const base = layered[name]
    const both = typeof base === 'object' && typeof override === 'object' && override !== null
    layered[name] = both ? { ...base, ...override } : override
  }
  return layered
}

/** The overrides `attachFoundationCollector` passes to `attachTaxonomyMetrics`. */
export function foundationOverrides(window: number): Record<string, Partial<MetricSpec> | false> {
  const windows = [window]
  const readerOf = perEvent(outcomeReader)
  const outcome: OutcomeOf = (event, metadata) => readerOf(event)(metadata)
  // One shared tag object per event name: the counters copy the tags they keep.
  const kindOf = perEvent((event) => ({ kind: operationKind(event) }))
  const kindTags = (_metadata: Metadata, _m: unknown, event: string) => kindOf(event)
  return {
    // Read over the recent window by the KPIs: kept from each series' creation.
    'foundation.process_registry.registrations': { windows },
    'foundation.process_registry.lookup_latency': { windows },
    'foundation.cache.hits': { windows },
    'foundation.cache.misses': { windows },
    'foundation.circuit_breaker.calls': { tagValues: callTagReader(outcome) },
    // The collector records these itself; these definitions serve a caller's override of them.
    // The error rate's window is the collector's own (recentOperations.ts): no windows here.
    'foundation.operations': { tagValues: kindTags },
    'foundation.operations.failed': {
      tagValues: kindTags,
      keep: (metadata, _m, event) => operationFailed(outcome(event, metadata), givenOutcome(metadata)),
    },
    'foundation.process_registry.processes': {
      measurement: (_m, metadata, event) => {
        if (event === unregisterStop) return -1
        return event.startsWith(register) && outcome(event, metadata) === 'success' ? 1 : undefined
      },
    },
    'foundation.service.health': {
      measurement: (_m, metadata) => {
        const status = metadata.status ?? metadata.to
        return typeof status === 'string' ? healthValue[status] : undefined
      },
    },
    'foundation.cache.evictions': {
      measurement: (m, _md, event) => (event === cacheCleanup ? m.expired : m.count),
      tagValues: (metadata, _m, event) => ({
        cache: metadata.cache as string | undefined,
        reason: event === cacheCleanup ? 'expired' : (metadata.reason as string | undefined),
      }),
    },
  }
}
