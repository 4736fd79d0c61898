/**
 * The collector's own work per event, in one handler per event name: the input check, breaker
 * and pool tracking, the error-rate window, and the metrics whose events are the layer's hottest
 * (breaker calls and latency, and the error rate's operation counters). Everything an event needs
 * is decided once per event name, in its {@link Plan}; the handler reads only the metadata keys it
 * records (`name`, `outcome`, `success`, `error`, states, `pool_id`) and the measurements, never
 * the enrichment fields.
 */
import {
  type BoundCounter,
  type Counter,
  type Histogram,
  type Measurements,
  type Metadata,
  outcomeReader,
  type Telemetry,
  TelemetryErrorCode,
} from '@foundation-telemetry/core'
import { findMetricDefinition } from '@foundation-telemetry/taxonomy'
import type { ActiveConnections } from './activeConnections.ts'
import { poolEvents } from './activeConnections.ts'
import { type BreakerHealth, type BreakerRecord, breakerEvents, stateIn } from './breakerHealth.ts'
import { checkMetadata, checkValue, type FieldCheck } from './inputCheck.ts'
import { operationKind } from './metricOverrides.ts'
import type { RecentOperations } from './recentOperations.ts'
import type { OnceReporter } from './reportOnce.ts'

/** The metrics the collector records itself; undefined where `attachTaxonomyMetrics` does. */
export interface OwnMetrics {
  calls: Counter | undefined
  latency: Histogram | undefined
  operations: Counter | undefined
  failed: Counter | undefined
}

/** What the handlers feed. */
export interface Books {
  reporter: OnceReporter
  /** Fields to check per event name; null when input is not checked. */
  checks: ReadonlyMap<string, readonly FieldCheck[]> | null
  breakers: BreakerHealth
  pools: ActiveConnections
  recent: RecentOperations
  metrics: OwnMetrics
}

const KINDS = ['circuit_breaker', 'retry', 'connection_pool'] as const
const KIND_TAGS = KINDS.map((kind) => ({ kind }))
/** Keys a breaker call's handler checks itself. */
const HAND_CHECKED: ReadonlySet<string> = new Set(['name', 'state', 'success'])

/** Where a breaker event's state is: `to` on a state change, `state` on health checks and starts. */
function stateKeyOf(event: string): string {
  if (event === 'foundation.circuit_breaker.state_change') return 'to'
  if (event === 'foundation.circuit_breaker.health_check' || event.endsWith('.start')) return 'state'
  return ''
}

/** What the collector does with one event name, decided when it attaches. */
interface Plan {
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

const eventsOf = (metric: string): readonly string[] => findMetricDefinition(metric)?.events ?? []

/**
 * Attach the collector's handlers to `t`, one per event name any of its books needs. Returns a
 * function that detaches them.
 */
export function attachEventHandlers(t: Telemetry, id: string, books: Books): () => void {
  const { reporter, breakers, pools, recent, metrics } = books
  const callEvents = new Set(eventsOf('foundation.circuit_breaker.calls'))
  const latencyEvents = new Set(eventsOf('foundation.circuit_breaker.latency'))
  const operationEvents = new Set(eventsOf('foundation.operations'))
  const failedEvents = new Set(eventsOf('foundation.operations.failed'))
  const breakerSet = new Set<string>(breakerEvents)
  const poolSet = new Set<string>(poolEvents)
  const names = new Set<string>([
    ...(books.checks?.keys() ?? []),
    ...breakerSet,
    ...poolSet,
    ...operationEvents,
    ...callEvents,
  ])
  const opsBound: Array<BoundCounter | undefined> = KINDS.map(() => undefined)
  const failedBound: Array<BoundCounter | undefined> = KINDS.map(() => undefined)

  const operation = (plan: Plan, outcome: string) => {
    const kind = plan.kind
    const failed = plan.countsFailure && outcome !== 'success'
    recent.add(failed)
    const ops = metrics.operations
    if (ops !== undefined) kindCounter(opsBound, ops, kind).add()
    const failures = metrics.failed
    if (failed && failures !== undefined) kindCounter(failedBound, failures, kind).add()
  }

  /** A breaker call: its counter by outcome and its latency, on the breaker's bound series. */
  const call = (event: string, plan: Plan, m: Measurements, md: Metadata, derived: string) => {
    const given = md.outcome
    const outcome = typeof given === 'string' ? given : derived
    const name = md.name
    if (plan.nameField !== null) checkValue(event, plan.nameField, name, reporter)
    if (plan.stateField !== null) checkValue(event, plan.stateField, md.state, reporter)
    if (plan.successField !== null) checkValue(event, plan.successField, md.success, reporter)
    const record = typeof name === 'string' && name !== '' ? breakers.record(name) : undefined
    const calls = plan.call ? metrics.calls : undefined
    const latency = plan.latency ? metrics.latency : undefined
    const duration = latency === undefined ? undefined : m.duration
    const timed = typeof duration === 'number' && !Number.isNaN(duration)
    if (record === undefined) {
      // Not a trackable breaker (no name, or past the limit): the same series, resolved per event.
      calls?.add(1, { name: name as string, outcome })
      if (timed) latency?.record(duration, { name: name as string })
      return
    }
    if (calls !== undefined) {
      const bound = callCounter(record, calls, name as string, outcome)
      if (bound !== undefined) bound.add()
      else calls.add(1, { name: name as string, outcome })
    }
    if (timed && latency !== undefined) {
      let bound = record.latency
      if (bound === undefined) {
        bound = latency.bind({ name: name as string })
        record.latency = bound
      }
      bound.record(duration)
    }
  }

  const handler = (event: string, m: Measurements, md: Metadata, plan: Plan) => {
    try {
      handle(event, m, md, plan)
    } catch (error) {
      // Metadata whose reads throw (a getter, a proxy): taken as given, nothing read it before us.
      // Reported once per event name, like any other bad input, instead of once per event.
      reporter.report(
        `${event}:unreadable`,
        TelemetryErrorCode.INVALID_INPUT,
        `${event}: metadata could not be read`,
        { api: 'foundation-collector', event_name: event, error },
      )
    }
  }

  const handle = (event: string, m: Measurements, md: Metadata, plan: Plan) => {
    if (plan.fields !== null) checkMetadata(event, md, plan.fields, reporter)
    const derived = plan.kind >= 0 || plan.call || plan.latency ? plan.outcome(md) : ''
    if (plan.kind >= 0) operation(plan, derived)
    if (plan.call || plan.latency) call(event, plan, m, md, derived)
    else if (plan.stateKey !== null) {
      const name = md.name
      if (typeof name === 'string' && name !== '') {
        const state = plan.stateKey === '' ? undefined : stateIn(md, plan.stateKey)
        if (state !== undefined) breakers.set(name, state)
        else breakers.record(name)
      }
    }
    if (plan.pool) pools.update(m, md)
  }

  const detachers: Array<() => void> = []
  for (const event of names) {
    const kindName = operationEvents.has(event) ? operationKind(event) : undefined
    const records = callEvents.has(event) && metrics.calls !== undefined
    const times = latencyEvents.has(event) && metrics.latency !== undefined
    const byCall = records || times
    const fields = books.checks?.get(event) ?? []
    const byHand = (key: string) => (byCall ? (fields.find((f) => f.key === key) ?? null) : null)
    const rest = byCall ? fields.filter((f) => !HAND_CHECKED.has(f.key)) : fields
    // Every plan is the same literal shape, so the handler's reads stay monomorphic.
    const plan: Plan = {
      fields: rest.length > 0 ? rest : null,
      nameField: byHand('name'),
      stateField: byHand('state'),
      successField: byHand('success'),
      stateKey: breakerSet.has(event) ? stateKeyOf(event) : null,
      call: records,
      latency: times,
      kind: kindName === undefined ? -1 : KINDS.indexOf(kindName as (typeof KINDS)[number]),
      countsFailure: failedEvents.has(event),
      pool: poolSet.has(event),
      outcome: outcomeReader(event),
    }
    // The handler reads no key enrichment adds: it takes the caller's metadata as given, so an
    // event whose other handlers do not read enrichment either is not enriched at all.
    detachers.push(t.attach(`${id}:${event}`, event, handler, plan, { durable: true, enrich: false }))
  }
  return () => {
    for (const detach of detachers) detach()
  }
}

/** `counter`'s series of operation kind `kind`, bound on first use and kept in `bound`. */
function kindCounter(bound: Array<BoundCounter | undefined>, counter: Counter, kind: number): BoundCounter {
  let series = bound[kind]
  if (series === undefined) {
    series = counter.bind(KIND_TAGS[kind])
    bound[kind] = series
  }
  return series
}

/**
 * The call counter series of `record` for `outcome`, bound on first use; undefined for an outcome
 * other than the three the taxonomy names (recorded unbound). No closure in here: one would make
 * every call allocate a context for the arguments it captures.
 */
function callCounter(
  record: BreakerRecord,
  calls: Counter,
  name: string,
  outcome: string,
): BoundCounter | undefined {
  switch (outcome) {
    case 'success':
      if (record.success === undefined) record.success = calls.bind({ name, outcome })
      return record.success
    case 'failure':
      if (record.failure === undefined) record.failure = calls.bind({ name, outcome })
      return record.failure
    case 'rejected':
      if (record.rejected === undefined) record.rejected = calls.bind({ name, outcome })
      return record.rejected
    default:
      return undefined
  }
}
