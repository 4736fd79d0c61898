/**
 * The listeners the opossum adapter adds to a breaker, by opossum event name: built once per
 * breaker. A call's outcome ends the call in flight (found by the active span) as the taxonomy's
 * `.stop`, `.exception` or `call.rejected`; `fallback` is reported as is; the state events go to
 * the breaker's {@link OpossumState}.
 */
import { describeError, SpanStatusCode, type Telemetry } from '@foundation-telemetry/core'
import { failCall, stopCall } from './callSpan.ts'
import { type CallsInFlight, callNames, type OpossumCall } from './opossumCalls.ts'
import type { OpossumState } from './opossumState.ts'

/** An opossum listener: opossum passes each event its own arguments. */
export type OpossumListener = (...args: unknown[]) => void

/**
 * Report a refused call: `call`'s span (if a call span was made) ends with an error status, and
 * `foundation.circuit_breaker.call.rejected` is emitted with `reason`.
 */
export function refuse(t: Telemetry, name: string, call: OpossumCall | undefined, reason: string): void {
  if (call !== undefined) {
    if (call.ended) return
    call.ended = true
    call.span.setStatus({ code: SpanStatusCode.ERROR, message: reason })
    call.span.end()
  }
  t.execute('foundation.circuit_breaker.call.rejected', {}, { name, reason })
}

/** The listeners for breaker `name`, by opossum event name. */
export function opossumListeners(
  t: Telemetry,
  name: string,
  calls: CallsInFlight,
  state: OpossumState,
): Record<string, OpossumListener> {
  const cacheHit = () => {
    const call = calls.current()
    if (call === undefined) return
    calls.forget(call)
    stopCall(t, callNames, call, { cached: true })
  }
  return {
    success(result) {
      const call = calls.current()
      if (call === undefined) return
      calls.forget(call)
      if (call.refused !== undefined) return refuse(t, name, call, call.refused)
      // opossum reports an error its errorFilter let through as a success, with the error as result.
      const filtered = call.timedOut || result instanceof Error
      stopCall(t, callNames, call, filtered ? { filtered_error: describeError(result).kind } : undefined)
    },
    failure(error) {
      const call = calls.current()
      if (call === undefined) return
      calls.forget(call)
      if (call.refused !== undefined) return refuse(t, name, call, call.refused)
      failCall(t, callNames, call, error, call.timedOut ? { timeout: true } : undefined)
    },
    timeout() {
      const call = calls.current()
      if (call !== undefined) call.timedOut = true
    },
    reject() {
      const call = calls.current()
      if (call !== undefined) calls.forget(call)
      refuse(t, name, call, 'open')
    },
    semaphoreLocked() {
      const call = calls.current()
      if (call !== undefined) call.refused = 'semaphore_locked'
      else refuse(t, name, undefined, 'semaphore_locked')
    },
    cacheHit,
    coalesceCacheHit: cacheHit,
    fallback(_result, error) {
      t.execute('foundation.circuit_breaker.fallback', {}, { name, reason: describeError(error).kind })
    },
    open: () => state.open(),
    halfOpen: () => state.halfOpen(),
    close: () => state.close(),
    healthCheckFailed: () => state.healthCheckFailed(),
  }
}
