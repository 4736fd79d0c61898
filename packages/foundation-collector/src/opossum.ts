/**
 * `instrumentOpossum`: an opossum 10 circuit breaker's events as the taxonomy's circuit-breaker
 * events. Each guarded call becomes a `foundation.circuit_breaker.call` span (`.start` on `fire`,
 * `.stop` on `success`, `.exception` on `failure` or `timeout`), refusals become
 * `foundation.circuit_breaker.call.rejected` (`reject`, and `semaphoreLocked`), `open`,
 * `halfOpen` and `close` become `foundation.circuit_breaker.state_change`, and `fallback` becomes
 * `foundation.circuit_breaker.fallback`.
 *
 * opossum's events carry no call id, and its action runs outside any span of ours. So the adapter
 * runs each call with its span active: the action's own spans become children of the breaker
 * call, and the listeners find the call an event belongs to from the active span (opossum
 * registers its completion callbacks inside the call). Durations are measured on the telemetry's
 * clock from the span's own start reading: opossum's own latency is whole milliseconds.
 *
 * The per-call path is kept to one span, one call record and one context switch: the listeners
 * are built once per breaker, the `.start` event is emitted by the wrapper itself (no `fire`
 * listener), and event metadata with trace ids is built only when a handler listens.
 *
 * A call span is made only when something would see it: a span processor is registered on the
 * telemetry, or a handler listens to the call's `.start`, `.stop` or `.exception` (the Foundation
 * collector does). Otherwise the call runs in the caller's context, as it would under
 * OpenTelemetry's API without an SDK, and costs next to nothing; refusals, state changes,
 * fallbacks and health checks are reported either way.
 */
import type { Telemetry } from '@foundation-telemetry/core'
import { guardListeners } from './guardedListener.ts'
import { hasMethods } from './hasMethods.ts'
import type { AdapterSpec, Dispose } from './instrumented.ts'
import { installOrReport, instrumentTarget, remember } from './instrumented.ts'
import { patchMethod } from './methodPatch.ts'
import { CallsInFlight } from './opossumCalls.ts'
import { wrapBreakerCall } from './opossumCallWrapper.ts'
import { opossumListeners } from './opossumListeners.ts'
import { OpossumState } from './opossumState.ts'
import { createOnceReporter } from './reportOnce.ts'

/** The parts of an opossum `CircuitBreaker` the adapter uses. */
export interface OpossumBreakerLike {
  readonly name: string
  readonly closed: boolean
  readonly opened: boolean
  readonly halfOpen: boolean
  readonly pendingClose: boolean
  readonly enabled: boolean
  // biome-ignore lint/suspicious/noExplicitAny: opossum's listeners take any arguments
  on(event: string, listener: (...args: any[]) => void): unknown
  // biome-ignore lint/suspicious/noExplicitAny: as above
  removeListener(event: string, listener: (...args: any[]) => void): unknown
  // biome-ignore lint/suspicious/noExplicitAny: opossum's call takes the action's arguments
  call(context: any, ...args: any[]): Promise<any>
}

/** Options of {@link instrumentOpossum}. */
export interface InstrumentOpossumOptions {
  /** The breaker's name in metrics (`name` tag). Defaults to the breaker's own `name`. */
  name?: string
}

function isBreaker(value: unknown): value is OpossumBreakerLike {
  return (
    hasMethods(value, ['on', 'removeListener', 'call', 'fire']) &&
    typeof (value as { closed?: unknown }).closed === 'boolean'
  )
}

const OPOSSUM: AdapterSpec<OpossumBreakerLike, InstrumentOpossumOptions> = {
  api: 'instrumentOpossum',
  accepts: isBreaker,
  notTarget: 'not an opossum CircuitBreaker',
  noName: 'the breaker has no name (pass { name })',
  defaultName: (breaker) => breaker.name,
  attach,
}

/**
 * Report `breaker`'s calls, refusals and state changes through `t` as the taxonomy's
 * circuit-breaker events, which the Foundation collector records. Returns a function that removes
 * every listener and restores the breaker. Instrumenting the same breaker again returns the same
 * function. Never throws: anything that is not an opossum breaker is reported and left alone.
 *
 * @example
 * ```ts
 * import CircuitBreaker from 'opossum'
 * import { instrumentOpossum } from '@foundation-telemetry/foundation-collector/opossum'
 *
 * const breaker = new CircuitBreaker(callPayments, { timeout: 3000 })
 * const dispose = instrumentOpossum(t, breaker, { name: 'payments' })
 * ```
 */
export function instrumentOpossum(
  t: Telemetry,
  breaker: OpossumBreakerLike,
  options: InstrumentOpossumOptions = {},
): Dispose {
  return instrumentTarget(t, breaker, options, OPOSSUM)
}

function attach(t: Telemetry, breaker: OpossumBreakerLike, _options: unknown, name: string): Dispose {
  const calls = new CallsInFlight(t)
  const state = new OpossumState(t, breaker, name)
  const guarded = guardListeners(
    opossumListeners(t, name, calls, state),
    name,
    OPOSSUM.api,
    createOnceReporter(t),
  )
  const listeners = Object.entries(guarded)
  const call = patchMethod(breaker, 'call', wrapBreakerCall(t, breaker, breaker.call, name, calls, state))
  installOrReport(t, OPOSSUM.api, breaker, () => {
    for (const [event, listener] of listeners) breaker.on(event, listener)
    call.install()
  })
  // The breaker is known (and its state) from now on, even if it never changes state.
  state.reportHealth()

  return remember(t, breaker, () => {
    for (const [event, listener] of listeners) breaker.removeListener(event, listener)
    call.restore()
  })
}
