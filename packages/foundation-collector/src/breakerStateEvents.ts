/**
 * A breaker adapter's last known state, and its reports: `foundation.circuit_breaker.state_change`
 * when the state changes, `foundation.circuit_breaker.health_check` when asked. The opossum and
 * cockatiel adapters extend it with their library's events, which say what changed and why.
 */
import type { Measurements, Telemetry } from '@foundation-telemetry/core'
import type { BreakerState } from './breakerHealth.ts'

/** One breaker's state as of its last event, and the events that report it. */
export class BreakerStateEvents {
  /** The state as of the last event (the library's own state at construction). */
  current: BreakerState
  protected readonly t: Pick<Telemetry, 'execute'>
  protected readonly name: string

  constructor(t: Pick<Telemetry, 'execute'>, name: string, current: BreakerState) {
    this.t = t
    this.name = name
    this.current = current
  }

  /**
   * Report the state as a health check, healthy when closed unless `healthy` says otherwise, so
   * the breaker is known before it changes.
   */
  reportHealth(healthy: boolean = this.current === 'closed'): void {
    this.t.execute(
      'foundation.circuit_breaker.health_check',
      {},
      { name: this.name, healthy, state: this.current },
    )
  }

  /** Move to `to`, reported as a state change for `reason` unless the state is already `to`. */
  protected transition(to: BreakerState, reason: string): void {
    const from = this.current
    this.current = to
    if (from === to) return
    this.t.execute('foundation.circuit_breaker.state_change', this.measure(to), {
      name: this.name,
      from,
      to,
      reason,
    })
  }

  /** The measurements of a change to `to`: none, unless the library has figures to add. */
  protected measure(_to: BreakerState): Measurements {
    return {}
  }
}
