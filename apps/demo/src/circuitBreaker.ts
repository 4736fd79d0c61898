/**
 * A simulated circuit breaker: closed until `failureThreshold` consecutive failures, then open
 * (calls rejected) for `cooldown` ms, then half-open: one trial call closes it again or re-opens it.
 */
import type { Telemetry } from '@foundation-telemetry/core'

/** Breaker states, as the taxonomy names them. */
export type BreakerState = 'closed' | 'open' | 'half_open'

/** The error a call gets while the breaker is open. */
export class BreakerOpenError extends Error {
  override readonly name = 'BreakerOpenError'
}

/** A named circuit breaker. */
export interface CircuitBreaker {
  readonly name: string
  state(): BreakerState
  /** Run `fn` through the breaker, inside a `foundation.circuit_breaker.call` span. */
  call<TResult>(fn: () => Promise<TResult>): Promise<TResult>
}

/** Options for {@link createCircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. Defaults to 5. */
  failureThreshold?: number
  /** How long the breaker stays open before a trial call, ms. Defaults to 3000. */
  cooldown?: number
}

/** Create a breaker called `name`, reporting through `t`. */
export function createCircuitBreaker(
  t: Telemetry,
  name: string,
  options: CircuitBreakerOptions = {},
): CircuitBreaker {
  const threshold = options.failureThreshold ?? 5
  const cooldown = options.cooldown ?? 3000
  let state: BreakerState = 'closed'
  let failures = 0
  let openedAt = 0

  const transition = (to: BreakerState, reason: string) => {
    if (to === state) return
    const from = state
    state = to
    t.execute(
      'foundation.circuit_breaker.state_change',
      { failure_count: failures },
      { name, from, to, reason },
    )
  }

  return {
    name,
    state: () => state,
    async call(fn) {
      if (state === 'open' && t.clock.now() - openedAt >= cooldown)
        transition('half_open', 'cooldown_elapsed')
      if (state === 'open') {
        t.execute('foundation.circuit_breaker.call.rejected', {}, { name })
        throw new BreakerOpenError(`circuit breaker ${name} is open`)
      }
      return t.span('foundation.circuit_breaker.call', { name, state }, async (span) => {
        try {
          const result = await fn()
          failures = 0
          if (state === 'half_open') transition('closed', 'trial_succeeded')
          span.setAttribute('success', true)
          return result
        } catch (error) {
          failures++
          if (state === 'half_open' || failures >= threshold) {
            openedAt = t.clock.now()
            transition('open', state === 'half_open' ? 'trial_failed' : 'failure_threshold')
          }
          throw error
        }
      })
    },
  }
}
