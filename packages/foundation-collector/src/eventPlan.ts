/**
 * What the collector does with one event name, decided once when it attaches: which of its books
 * the event feeds (breaker calls and latency, the error rate's operations, breaker state, pool
 * connections) and which metadata fields it checks. The roles come from the taxonomy's metric
 * definitions and the breaker and pool event lists, so a new event in the taxonomy gets its plan
 * without code here.
 */
import { type Metadata, outcomeReader } from '@foundation-telemetry/core'
import { findMetricDefinition } from '@foundation-telemetry/taxonomy'
import { poolEvents } from './activeConnections.ts'
import { breakerEvents } from './breakerHealth.ts'
import type { FieldCheck } from './inputCheck.ts'
import { operationKind } from './metricOverrides.ts'

/** The operation kinds of the error-rate counters, in the order a {@link Plan}'s `kind` indexes. */
export const KINDS = ['circuit_breaker', 'retry', 'connection_pool'] as const

/** Keys a breaker call's handler checks itself. */
const HAND_CHECKED: ReadonlySet<string> = new Set(['name', 'state', 'success'])

/** What the collector does with one event name, decided when it attaches. */
export interface Plan {
  /** Metadata fields to check by key, or null. */
  readonly fields: readonly FieldCheck[] | null
  /**
   * The checks of `name`, `state` and `success` on breaker call events, whose handler reads
   * those keys itself (named reads, cheaper than the keyed reads of the loop); null otherwise.
   */
  readonly nameField: FieldCheck | null
  readonly stateField: FieldCheck | null
  readonly successField: FieldCheck | null
  /** Null when the event names no breaker; `''` when it names one without its state. */
  readonly stateKey: string | null
  /** Whether the event records the breaker call counter. */
  readonly call: boolean
  /** Whether the event records the breaker latency histogram. */
  readonly latency: boolean
  /** The operation kind (index into {@link KINDS}), or -1 for an event that is no operation. */
  readonly kind: number
  /** Whether a failure of this operation counts as failed. */
  readonly countsFailure: boolean
  /** Whether the event reports a pool's active connections. */
  readonly pool: boolean
  /** The outcome the event's name implies (by metadata for `.stop` and `.complete`). */
  readonly outcome: (metadata: Metadata) => string
}

/** The event names of each of the collector's roles. */
export interface EventRoles {
  /** Events of the breaker call counter. */
  readonly calls: ReadonlySet<string>
  /** Events of the breaker latency histogram. */
  readonly latency: ReadonlySet<string>
  /** Events of the error rate's operation counter. */
  readonly operations: ReadonlySet<string>
  /** Events of the error rate's failed-operation counter. */
  readonly failed: ReadonlySet<string>
  /** Events that name a breaker. */
  readonly breakers: ReadonlySet<string>
  /** Events that report a pool's active connections. */
  readonly pools: ReadonlySet<string>
}

/** Which metrics a plan's handler records itself (the rest are `attachTaxonomyMetrics`'s). */
export interface OwnedRecords {
  readonly calls: unknown
  readonly latency: unknown
}

const eventsOf = (metric: string): readonly string[] => findMetricDefinition(metric)?.events ?? []

/** The collector's roles, from the taxonomy. */
export function eventRoles(): EventRoles {
  return {
    calls: new Set(eventsOf('foundation.circuit_breaker.calls')),
    latency: new Set(eventsOf('foundation.circuit_breaker.latency')),
    operations: new Set(eventsOf('foundation.operations')),
    failed: new Set(eventsOf('foundation.operations.failed')),
    breakers: new Set<string>(breakerEvents),
    pools: new Set<string>(poolEvents),
  }
}

/** Every event name that has a role, or fields to check in `checks`. */
export function handledEvents(
  roles: EventRoles,
  checks: ReadonlyMap<string, readonly FieldCheck[]> | null,
): Set<string> {
  return new Set<string>([
    ...(checks?.keys() ?? []),
    ...roles.breakers,
    ...roles.pools,
    ...roles.operations,
    ...roles.calls,
  ])
}

/** Where a breaker event's state is: `to` on a state change, `state` on health checks and starts. */
function stateKeyOf(event: string): string {
  if (event === 'foundation.circuit_breaker.state_change') return 'to'
  if (event === 'foundation.circuit_breaker.health_check' || event.endsWith('.start')) return 'state'
  return ''
}

/** The check of `key` among `fields` when a call handler reads it by name; null otherwise. */
function handChecked(fields: readonly FieldCheck[], key: string, byCall: boolean): FieldCheck | null {
  return byCall ? (fields.find((f) => f.key === key) ?? null) : null
}

/**
 * The plan of `event`: its roles, its `fields` to check, and whether its call metrics are
 * recorded by the handler (`owned.calls` / `owned.latency` defined) or left to the taxonomy path.
 */
export function planFor(
  event: string,
  roles: EventRoles,
  fields: readonly FieldCheck[],
  owned: OwnedRecords,
): Plan {
  const kindName = roles.operations.has(event) ? operationKind(event) : undefined
  const records = roles.calls.has(event) && owned.calls !== undefined
  const times = roles.latency.has(event) && owned.latency !== undefined
  const byCall = records || times
  const rest = byCall ? fields.filter((f) => !HAND_CHECKED.has(f.key)) : fields
  // Every plan is the same literal shape, so the handler's reads stay monomorphic.
  return {
    fields: rest.length > 0 ? rest : null,
    nameField: handChecked(fields, 'name', byCall),
    stateField: handChecked(fields, 'state', byCall),
    successField: handChecked(fields, 'success', byCall),
    stateKey: roles.breakers.has(event) ? stateKeyOf(event) : null,
    call: records,
    latency: times,
    kind: kindName === undefined ? -1 : KINDS.indexOf(kindName as (typeof KINDS)[number]),
    countsFailure: roles.failed.has(event),
    pool: roles.pools.has(event),
    outcome: outcomeReader(event),
  }
}
