/**
 * The circuit-breaker health KPI: the share of known breakers that are closed. A breaker is known
 * from the first event that names it (a call, a rejection, a state change, a health check), so
 * breakers that never changed state count as closed. The set is bounded: past `maxBreakers`,
 * new names are ignored (and reported once) rather than growing without limit.
 *
 * Each known breaker is one small record, found once per event by name: its state, and the
 * call-counter and latency series of that breaker, bound on first use, so a call event resolves
 * no tag set.
 */
import {
  type BoundCounter,
  type BoundRecorder,
  type Metadata,
  TelemetryErrorCode,
} from '@foundation-telemetry/core'
import type { OnceReporter } from './reportOnce.ts'

/** The events that name a breaker. */
export const breakerEvents = [
  'foundation.circuit_breaker.call.start',
  'foundation.circuit_breaker.call.stop',
  'foundation.circuit_breaker.call.exception',
  'foundation.circuit_breaker.call.rejected',
  'foundation.circuit_breaker.state_change',
  'foundation.circuit_breaker.health_check',
] as const

/** Breaker states, as the taxonomy names them. */
export type BreakerState = 'closed' | 'open' | 'half_open'

/** One known breaker: its state and its series, bound when first recorded. */
export class BreakerRecord {
  state: BreakerState
  success: BoundCounter | undefined = undefined
  failure: BoundCounter | undefined = undefined
  rejected: BoundCounter | undefined = undefined
  latency: BoundRecorder | undefined = undefined

  constructor(state: BreakerState) {
    this.state = state
  }
}

/** The breakers seen so far and their last known state. */
export interface BreakerHealth {
  /** Closed breakers over known breakers; NaN when none is known. */
  health(): number
  /** Known breakers and their states, for `kpis()` and dashboards. */
  states(): ReadonlyMap<string, BreakerState>
  /**
   * The record of breaker `name`, made known (closed) on first sight; undefined past the limit.
   * `name` is a non-empty string.
   */
  record(name: string): BreakerRecord | undefined
  /** Set `name`'s state (making it known); ignored past the limit. */
  set(name: string, state: BreakerState): void
}

const STATES: ReadonlySet<string> = new Set(['closed', 'open', 'half_open'])

/** The state an event reports in `key` of its metadata, if a valid one. */
export function stateIn(metadata: Metadata, key: string): BreakerState | undefined {
  const value = metadata[key]
  return typeof value === 'string' && STATES.has(value) ? (value as BreakerState) : undefined
}

/** Track breakers; the collector's event handlers feed it. */
export function createBreakerHealth(reporter: OnceReporter, maxBreakers = 10_000): BreakerHealth {
  const records = new Map<string, BreakerRecord>()
  let closed = 0
  const full = () => {
    reporter.report('breakers:limit', TelemetryErrorCode.DATA_DROPPED, 'too many circuit breakers to track', {
      source: 'foundation-collector',
      reason: `more than ${maxBreakers} circuit breaker names`,
    })
  }
  const add = (name: string, state: BreakerState): BreakerRecord | undefined => {
    if (records.size >= maxBreakers) {
      full()
      return undefined
    }
    const created = new BreakerRecord(state)
    records.set(name, created)
    if (state === 'closed') closed++
    return created
  }
  return {
    health: () => (records.size === 0 ? Number.NaN : closed / records.size),
    states: () => new Map([...records].map(([name, r]) => [name, r.state])),
    // A call or a rejection names a breaker without saying its state. Adapters report a
    // breaker's state when they attach, so first sight here is a breaker that never changed
    // state: closed.
    record: (name) => records.get(name) ?? add(name, 'closed'),
    set(name, state) {
      const known = records.get(name)
      if (known === undefined) {
        add(name, state)
        return
      }
      if (known.state === state) return
      if (known.state === 'closed') closed--
      if (state === 'closed') closed++
      known.state = state
    },
  }
}
