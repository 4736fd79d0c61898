/**
 * The workload's circuit breakers: real opossum and cockatiel breakers, each instrumented with the
 * Foundation collector's adapter, behind one small interface so the workload does not care which
 * library guards a downstream.
 */
import type { Telemetry } from '@foundation-telemetry/core'
import { instrumentCockatiel } from '@foundation-telemetry/foundation-collector/cockatiel'
import { instrumentOpossum } from '@foundation-telemetry/foundation-collector/opossum'
import { CircuitState, ConsecutiveBreaker, circuitBreaker, handleAll, isBrokenCircuitError } from 'cockatiel'
import CircuitBreakerImpl from 'opossum'

/** Breaker states, as the taxonomy names them. */
export type BreakerState = 'closed' | 'open' | 'half_open'

/** The error a call gets while the breaker is open. */
export class BreakerOpenError extends Error {
  override readonly name = 'BreakerOpenError'
}

/** A named circuit breaker. */
export interface CircuitBreaker {
  readonly name: string
  /** Which library guards it. */
  readonly library: 'opossum' | 'cockatiel'
  state(): BreakerState
  /** Run `fn` through the breaker; an open breaker rejects with {@link BreakerOpenError}. */
  call<TResult>(fn: () => Promise<TResult>): Promise<TResult>
  /** Stop the breaker's timers and remove its instrumentation. */
  close(): void
}

/** Options shared by both kinds. */
export interface CircuitBreakerOptions {
  /** Consecutive failures (cockatiel) or failures among the first calls (opossum) that open it. Defaults to 5. */
  failureThreshold?: number
  /** How long the breaker stays open before a trial call, ms. Defaults to 3000. */
  cooldown?: number
}

/** An opossum breaker called `name`, reporting through `t`. */
export function createOpossumBreaker(
  t: Telemetry,
  name: string,
  options: CircuitBreakerOptions = {},
): CircuitBreaker {
  const breaker = new CircuitBreakerImpl(<TResult>(fn: () => Promise<TResult>) => fn(), {
    name,
    // The workload's calls are short; opossum's own timeout stays off so failures are the downstream's.
    timeout: false,
    resetTimeout: options.cooldown ?? 3000,
    volumeThreshold: options.failureThreshold ?? 5,
    errorThresholdPercentage: 50,
    rollingCountTimeout: 5000,
  })
  const dispose = instrumentOpossum(t, breaker)
  return {
    name,
    library: 'opossum',
    state: () => (breaker.halfOpen ? 'half_open' : breaker.opened ? 'open' : 'closed'),
    async call(fn) {
      try {
        return (await breaker.fire(fn)) as Awaited<ReturnType<typeof fn>>
      } catch (error) {
        if ((error as { code?: unknown }).code === 'EOPENBREAKER')
          throw new BreakerOpenError(`circuit breaker ${name} is open`)
        throw error
      }
    },
    close() {
      dispose()
      breaker.shutdown()
    },
  }
}

/** A cockatiel breaker called `name`, reporting through `t`. */
export function createCockatielBreaker(
  t: Telemetry,
  name: string,
  options: CircuitBreakerOptions = {},
): CircuitBreaker {
  const policy = circuitBreaker(handleAll, {
    halfOpenAfter: options.cooldown ?? 3000,
    breaker: new ConsecutiveBreaker(options.failureThreshold ?? 5),
  })
  const dispose = instrumentCockatiel(t, policy, { name })
  return {
    name,
    library: 'cockatiel',
    state: () =>
      policy.state === CircuitState.HalfOpen
        ? 'half_open'
        : policy.state === CircuitState.Closed
          ? 'closed'
          : 'open',
    async call(fn) {
      try {
        return await policy.execute(fn)
      } catch (error) {
        if (isBrokenCircuitError(error)) throw new BreakerOpenError(`circuit breaker ${name} is open`)
        throw error
      }
    },
    close() {
      dispose()
    },
  }
}
