/**
 * The collector's own work per event, as its {@link Plan} says: the input check, breaker and pool
 * tracking, the error-rate window, and the metrics whose events are the layer's hottest (breaker
 * calls and latency, and the error rate's operation counters). It reads only the metadata keys it
 * records (`name`, `outcome`, `success`, `error`, states, `pool_id`) and the measurements, never
 * the enrichment fields. Metadata whose reads throw is reported, never thrown into the host.
 */
import {
  type BoundCounter,
  type Counter,
  type Histogram,
  type Measurements,
  type Metadata,
  TelemetryErrorCode,
} from '@foundation-telemetry/core'
import type { ActiveConnections } from './activeConnections.ts'
import { type BreakerHealth, type BreakerRecord, stateIn } from './breakerHealth.ts'
import { KINDS, type Plan } from './eventPlan.ts'
import { checkMetadata, checkValue } from './inputCheck.ts'
import type { RecentOperations } from './recentOperations.ts'
import type { OnceReporter } from './reportOnce.ts'

/** The metrics the collector records itself; undefined where `attachTaxonomyMetrics` does. */
export interface OwnMetrics {
  calls: Counter | undefined
  latency: Histogram | undefined
  operations: Counter | undefined
  failed: Counter | undefined
}

/** What a recorder feeds. */
export interface RecorderBooks {
  reporter: OnceReporter
  breakers: BreakerHealth
  pools: ActiveConnections
  recent: RecentOperations
  metrics: OwnMetrics
}

const KIND_TAGS = KINDS.map((kind) => ({ kind }))

/** Records events into its books, one plan per event name. */
export class EventRecorder {
  private readonly reporter: OnceReporter
  private readonly breakers: BreakerHealth
  private readonly pools: ActiveConnections
  private readonly recent: RecentOperations
  private readonly metrics: OwnMetrics
  /** The operation counters' series per kind, bound on first use. */
  private readonly opsBound: Array<BoundCounter | undefined>
  private readonly failedBound: Array<BoundCounter | undefined>

  constructor(books: RecorderBooks) {
    this.opsBound = KINDS.map(() => undefined)
    this.failedBound = KINDS.map(() => undefined)
    this.reporter = books.reporter
    this.breakers = books.breakers
    this.pools = books.pools
    this.recent = books.recent
    this.metrics = books.metrics
  }

  /**
   * The event handler, with the event's plan as its config. An arrow field, so the bus can call it
   * detached, with no wrapper allocated per attach or per event.
   */
  readonly onEvent = (event: string, m: Measurements, md: Metadata, plan: Plan): void => {
    try {
      this.handle(event, m, md, plan)
    } catch (error) {
      // Metadata whose reads throw (a getter, a proxy): taken as given, nothing read it before us.
      // Reported once per event name, like any other bad input, instead of once per event.
      this.reporter.report(
        `${event}:unreadable`,
        TelemetryErrorCode.INVALID_INPUT,
        `${event}: metadata could not be read`,
        { api: 'foundation-collector', event_name: event, error },
      )
    }
  }

  private handle(event: string, m: Measurements, md: Metadata, plan: Plan): void {
    if (plan.fields !== null) checkMetadata(event, md, plan.fields, this.reporter)
    const derived = plan.kind >= 0 || plan.call || plan.latency ? plan.outcome(md) : ''
    if (plan.kind >= 0) this.operation(plan, derived)
    if (plan.call || plan.latency) this.call(event, plan, m, md, derived)
    else if (plan.stateKey !== null) {
      // A breaker event other than a call: the breaker made known, in its state when it says one.
      const name = md.name
      if (typeof name === 'string' && name !== '') {
        const state = plan.stateKey === '' ? undefined : stateIn(md, plan.stateKey)
        if (state !== undefined) this.breakers.set(name, state)
        else this.breakers.record(name)
      }
    }
    if (plan.pool) this.pools.update(m, md)
  }

  /** An operation for the error rate: the recent window and the operation counters by kind. */
  private operation(plan: Plan, outcome: string): void {
    const kind = plan.kind
    const failed = plan.countsFailure && outcome !== 'success'
    this.recent.add(failed)
    const ops = this.metrics.operations
    if (ops !== undefined) kindCounter(this.opsBound, ops, kind).add()
    const failures = this.metrics.failed
    if (failed && failures !== undefined) kindCounter(this.failedBound, failures, kind).add()
  }

  /** A breaker call: its counter by outcome and its latency, on the breaker's bound series. */
  private call(event: string, plan: Plan, m: Measurements, md: Metadata, derived: string): void {
    const given = md.outcome
    const outcome = typeof given === 'string' ? given : derived
    const name = md.name
    if (plan.nameField !== null) checkValue(event, plan.nameField, name, this.reporter)
    if (plan.stateField !== null) checkValue(event, plan.stateField, md.state, this.reporter)
    if (plan.successField !== null) checkValue(event, plan.successField, md.success, this.reporter)
    const record = typeof name === 'string' && name !== '' ? this.breakers.record(name) : undefined
    const calls = plan.call ? this.metrics.calls : undefined
    const latency = plan.latency ? this.metrics.latency : undefined
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
