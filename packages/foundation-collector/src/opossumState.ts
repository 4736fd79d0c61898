/**
 * An opossum breaker's state as the taxonomy sees it (`closed`, `open`, `half_open`), and its
 * changes as `foundation.circuit_breaker.state_change` and `.health_check` events. opossum's
 * `open`, `halfOpen` and `close` events carry no reason; the reason is derived from the state
 * left and from a `healthCheckFailed` just before.
 */
import type { Measurements, Telemetry } from '@foundation-telemetry/core'
import type { BreakerState } from './breakerHealth.ts'
import { BreakerStateEvents } from './breakerStateEvents.ts'

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
export class OpossumState extends BreakerStateEvents {
  /** Why the next `open` happens, when not the failure threshold. */
  private openReason: string | undefined = undefined
  private readonly breaker: OpossumStateSource

  constructor(t: Pick<Telemetry, 'execute'>, breaker: OpossumStateSource, name: string) {
    super(t, name, stateOf(breaker))
    this.breaker = breaker
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
    this.reportHealth(false)
  }

  /** Opening reports the failures in the breaker's window. */
  protected override measure(to: BreakerState): Measurements {
    return to === 'open' ? { failure_count: failuresOf(this.breaker) } : {}
  }
}
