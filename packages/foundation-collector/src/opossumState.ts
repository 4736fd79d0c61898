/**
 * An opossum breaker's state as the taxonomy sees it (`closed`, `open`, `half_open`), and its
 * changes as `foundation.circuit_breaker.state_change` and `.health_check` events. opossum's
 * `open`, `halfOpen` and `close` events carry no reason; the reason is derived from the state
 * left and from a `healthCheckFailed` just before.
 */
import type { Telemetry } from '@foundation-telemetry/core'

/** A breaker state in the taxonomy's words. */
export type BreakerState = 'closed' | 'open' | 'half_open'

/** The parts of an opossum breaker its state is read from. */
export interface OpossumStateSource {
  readonly opened: boolean
  readonly halfOpen: boolean
}

/** `breaker`'s state now. */
export function stateOf(breaker: OpossumStateSource): BreakerState {
  if (breaker.halfOpen) return 'half_open'
  return breaker.opened ? 'open' : 'closed'
}

/** The failures in `breaker`'s rolling stats window, 0 when they cannot be read. */
export function failuresOf(breaker: object): number {
  try {
    const failures = (breaker as { stats?: { failures?: unknown } }).stats?.failures
    return typeof failures === 'number' ? failures : 0
  } catch {
    return 0
  }
}

/** One breaker's last known state; each method is the opossum event of the same name. */
export class OpossumState {
  /** The state as of the last event (read from the breaker at construction). */
  current: BreakerState
  /** Why the next `open` happens, when not the failure threshold. */
  private openReason: string | undefined = undefined
  private readonly t: Pick<Telemetry, 'execute'>
  private readonly breaker: OpossumStateSource
  private readonly name: string

  constructor(t: Pick<Telemetry, 'execute'>, breaker: OpossumStateSource, name: string) {
    this.t = t
    this.breaker = breaker
    this.name = name
    this.current = stateOf(breaker)
  }

  open(): void {
    this.transition('open', this.openReason ?? 'failure_threshold')
    this.openReason = undefined
  }

  halfOpen(): void {
    this.transition('half_open', 'reset_timeout')
  }

  close(): void {
    this.transition('closed', this.current === 'half_open' ? 'trial_succeeded' : 'reset')
  }

  /** A failed health check: reported, and the reason for the `open` that follows. */
  healthCheckFailed(): void {
    this.openReason = 'health_check_failed'
    this.t.execute(
      'foundation.circuit_breaker.health_check',
      {},
      { name: this.name, healthy: false, state: this.current },
    )
  }

  /** Report the current state as a health check, so the breaker is known before it changes. */
  reportHealth(): void {
    const state = this.current
    this.t.execute(
      'foundation.circuit_breaker.health_check',
      {},
      { name: this.name, healthy: state === 'closed', state },
    )
  }

  private transition(to: BreakerState, reason: string): void {
    const from = this.current
    this.current = to
    if (from === to) return
    this.t.execute(
      'foundation.circuit_breaker.state_change',
      to === 'open' ? { failure_count: failuresOf(this.breaker) } : {},
      { name: this.name, from, to, reason },
    )
  }
}
