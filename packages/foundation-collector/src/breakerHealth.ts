/**
 * The circuit-breaker health KPI: the share of known breakers that are closed. A breaker is known
 * from the first event that names it (a call, a rejection, a state change, a health check), so
 * breakers that never changed state count as closed. The set is bounded: past `maxBreakers`,
 * new names are ignored (and reported once) rather than growing without limit.
 */
import { type Metadata, type Telemetry, TelemetryErrorCode } from '@foundation-telemetry/core'
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

/** The breakers seen so far and their last known state. */
export interface BreakerHealth {
  /** Closed breakers over known breakers; NaN when none is known. */
  health(): number
  /** Known breakers and their states, for `kpis()` and dashboards. */
  states(): ReadonlyMap<string, BreakerState>
  /** Stop listening. */
  detach(): void
}

const STATES: ReadonlySet<string> = new Set(['closed', 'open', 'half_open'])

function stateOf(event: string, metadata: Metadata): BreakerState | undefined {
  const value =
    event === 'foundation.circuit_breaker.state_change'
      ? metadata.to
      : event === 'foundation.circuit_breaker.health_check' || event.endsWith('.start')
        ? metadata.state
        : undefined
  return typeof value === 'string' && STATES.has(value) ? (value as BreakerState) : undefined
}

/** Track breakers on `t`. */
export function trackBreakerHealth(
  t: Telemetry,
  id: string,
  reporter: OnceReporter,
  maxBreakers = 10_000,
): BreakerHealth {
  const states = new Map<string, BreakerState>()
  let closed = 0
  const set = (name: string, state: BreakerState) => {
    const before = states.get(name)
    if (before === state) return
    if (before === undefined && states.size >= maxBreakers) {
      reporter.report(
        'breakers:limit',
        TelemetryErrorCode.DATA_DROPPED,
        'too many circuit breakers to track',
        {
          source: 'foundation-collector',
          reason: `more than ${maxBreakers} circuit breaker names`,
        },
      )
      return
    }
    if (before === 'closed') closed--
    if (state === 'closed') closed++
    states.set(name, state)
  }
  const detach = t.attach(
    id,
    breakerEvents,
    (event, _measurements, metadata) => {
      const name = metadata.name
      if (typeof name !== 'string' || name === '') return
      const state = stateOf(event, metadata)
      if (state !== undefined) set(name, state)
      // A call or a rejection names a breaker without saying its state. Adapters report a
      // breaker's state when they attach, so first sight here is a breaker that never changed
      // state: closed.
      else if (!states.has(name)) set(name, 'closed')
    },
    undefined,
    { durable: true },
  )
  return {
    health: () => (states.size === 0 ? Number.NaN : closed / states.size),
    states: () => states,
    detach,
  }
}
