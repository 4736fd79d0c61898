/**
 * A cockatiel circuit breaker as the taxonomy sees it. cockatiel's `onStateChange` carries the
 * new state only; the reason comes from the `onBreak`, `onReset` or `onHalfOpen` just before.
 * A refused call has no event at all: `execute` rejects with a `BrokenCircuitError`.
 */
import type { Telemetry } from '@foundation-telemetry/core'
import type { BreakerState } from './breakerHealth.ts'
import { BreakerStateEvents } from './breakerStateEvents.ts'
import type { Execute } from './policyHooks.ts'

/** cockatiel's `CircuitState`: Closed, Open, HalfOpen, Isolated (held open by hand). */
const circuitStates = ['closed', 'open', 'half_open', 'open'] as const

/** A cockatiel `CircuitState` in the taxonomy's words; closed when it is not one. */
export function stateOfCircuit(state: unknown): BreakerState {
  return circuitStates[typeof state === 'number' ? state : 0] ?? 'closed'
}

/** One breaker's last known state; each method is the cockatiel event of the same name. */
export class CockatielBreakerState extends BreakerStateEvents {
  /** Why the next state change happens, from the event just before it. */
  private reason: string | undefined = undefined

  constructor(t: Pick<Telemetry, 'execute'>, name: string, circuitState: unknown) {
    super(t, name, stateOfCircuit(circuitState))
  }

  onBreak(data: { isolated?: boolean } | undefined): void {
    this.reason = data !== undefined && data !== null && 'isolated' in data ? 'isolated' : 'failure_threshold'
  }

  onReset(): void {
    this.reason = 'reset'
  }

  onHalfOpen(): void {
    this.reason = 'half_open_trial'
  }

  onStateChange(next: number): void {
    const to = stateOfCircuit(next)
    const reason = this.reason ?? (to === 'closed' ? 'reset' : 'failure_threshold')
    this.reason = undefined
    this.transition(to, reason)
  }
}

/**
 * `original` (a breaker's `execute`) reporting each refused call as
 * `foundation.circuit_breaker.call.rejected`. The caller still gets the original promise.
 */
export function reportingRefusals(t: Pick<Telemetry, 'execute'>, name: string, original: Execute): Execute {
  return function (this: unknown, fn, signal) {
    const result = original.call(this, fn, signal)
    result.then(undefined, (error: unknown) => {
      // BrokenCircuitError, or IsolatedCircuitError for a breaker held open by hand.
      if (typeof error === 'object' && error !== null && 'isBrokenCircuitError' in error) {
        t.execute(
          'foundation.circuit_breaker.call.rejected',
          {},
          { name, reason: 'isIsolatedCircuitError' in error ? 'isolated' : 'open' },
        )
      }
    })
    return result
  }
}
