/**
 * `instrumentCockatiel`: a cockatiel 4 policy's events as the taxonomy's events. Retry policies
 * report each attempt (`onSuccess`/`onFailure` fire once per attempt) as a
 * `foundation.retry.attempt` span, each `onRetry` as `foundation.retry.backoff` and `onGiveUp` as
 * `foundation.retry.exhausted`; circuit breakers report calls as `foundation.circuit_breaker.call`
 * spans, `onStateChange` (with the reason from `onBreak`/`onReset`/`onHalfOpen`) as
 * `foundation.circuit_breaker.state_change`, and refused calls as
 * `foundation.circuit_breaker.call.rejected`; bulkheads report `onReject` as
 * `foundation.bulkhead.rejected`; timeouts report `onTimeout` as `foundation.timeout`; the
 * successes and failures of other policies are `foundation.async` spans. `wrap(...)` only
 * forwards its first policy's events, so the adapter walks `wrapped` and instruments each policy.
 *
 * cockatiel reports a call when it has ended, with its duration; the span is dated back by that
 * duration and is a child of the span active where the policy ran. Two things cockatiel has no
 * event for are read at `execute`: the attempt number of a retry, and a breaker refusing a call.
 */

import { AsyncLocalStorage } from 'node:async_hooks'
import { describeError, type Metadata, type Telemetry } from '@foundation-telemetry/core'
import { endedCall, spanNames } from './callSpan.ts'
import {
  type AdapterSpec,
  type Dispose,
  existingDisposer,
  installOrReport,
  instrumentTarget,
  remember,
} from './instrumented.ts'
import { patchMethod } from './methodPatch.ts'

/** A cockatiel event: subscribe with a listener, unsubscribe with the returned disposable. */
export type CockatielEvent<T> = (listener: (data: T) => void) => { dispose(): void }

/** Why a cockatiel call failed: an error, or a result the policy's filter rejected. */
export type CockatielFailureReason = { error: unknown } | { value: unknown }

/** The parts of a cockatiel policy the adapter uses; specific policies add their own events. */
export interface CockatielPolicyLike {
  readonly onSuccess: CockatielEvent<{ duration: number }>
  readonly onFailure: CockatielEvent<{ duration: number; handled: boolean; reason: CockatielFailureReason }>
  // biome-ignore lint/suspicious/noExplicitAny: cockatiel's execute is generic over the function run
  execute(fn: (context: any) => any, signal?: AbortSignal): Promise<any>
}

/** Options of {@link instrumentCockatiel}. */
export interface InstrumentCockatielOptions {
  /** The policy's name in metrics: the breaker's `name`, the retry's `operation`, ... Required. */
  name: string
}

interface AnyPolicy {
  onSuccess?: unknown
  onFailure?: unknown
  onRetry?: unknown
  onGiveUp?: unknown
  onBreak?: unknown
  onReset?: unknown
  onHalfOpen?: unknown
  onStateChange?: unknown
  onReject?: unknown
  onTimeout?: unknown
  wrapped?: unknown
  execute?: unknown
  state?: unknown
  duration?: unknown
  executionSlots?: unknown
  queueSlots?: unknown
}

type Listen = <T>(event: unknown, listener: (data: T) => void) => void
type Execute = (fn: (context: { attempt?: number }) => unknown, signal?: unknown) => Promise<unknown>

const attemptNames = spanNames('foundation.retry.attempt')
const callNames = spanNames('foundation.circuit_breaker.call')
const asyncNames = spanNames('foundation.async')
/** cockatiel's `CircuitState`: Closed, Open, HalfOpen, Isolated (held open by hand). */
const breakerStates = ['closed', 'open', 'half_open', 'open'] as const

/** The attempt a retry policy is on, for the execution running in this async context. */
const retryAttempt = new AsyncLocalStorage<{ attempt: number }>()

const isEvent = (value: unknown): boolean => typeof value === 'function'

function failure(reason: CockatielFailureReason | undefined): { error: unknown } {
  if (reason !== undefined && 'error' in reason) return { error: reason.error }
  // A result the policy's filter treated as a failure.
  return { error: new Error('result rejected by the policy') }
}

function finalError(reason: CockatielFailureReason | undefined): string | undefined {
  if (reason === undefined) return undefined
  return 'error' in reason ? describeError(reason.error).message : 'result rejected by the policy'
}

/** Every policy of `policy`, `wrap(...)`s walked (cycles and repeats skipped). */
function policiesOf(policy: AnyPolicy, out: AnyPolicy[] = [], seen = new Set<unknown>()): AnyPolicy[] {
  if (seen.has(policy)) return out
  seen.add(policy)
  if (Array.isArray(policy.wrapped)) {
    for (const inner of policy.wrapped)
      if (typeof inner === 'object' && inner !== null) policiesOf(inner as AnyPolicy, out, seen)
  } else {
    out.push(policy)
  }
  return out
}

function isPolicy(value: unknown): value is AnyPolicy {
  if (typeof value !== 'object' || value === null) return false
  const p = value as AnyPolicy
  if (Array.isArray(p.wrapped)) return p.wrapped.length > 0 && p.wrapped.every(isPolicy)
  return isEvent(p.onSuccess) && isEvent(p.onFailure) && typeof p.execute === 'function'
}

/** Replace `policy.execute` for the adapter's lifetime; returns how to put it back. */
function wrapExecute(policy: AnyPolicy, make: (original: Execute) => Execute): () => void {
  const patch = patchMethod(policy, 'execute', make(policy.execute as Execute))
  patch.install()
  return patch.restore
}

/** Instrument one policy that is not a wrap. */
function instrumentOne(
  t: Telemetry,
  policy: AnyPolicy,
  name: string,
  listen: Listen,
  undo: Array<() => void>,
) {
  if (isEvent(policy.onRetry) && isEvent(policy.onGiveUp)) {
    const attempt = () => retryAttempt.getStore()?.attempt ?? 1
    const meta = (): Metadata => ({ operation: name, attempt: attempt() })
    listen<{ duration: number }>(policy.onSuccess, ({ duration }) =>
      endedCall(t, attemptNames, duration, meta()),
    )
    listen<{ duration: number; reason: CockatielFailureReason }>(policy.onFailure, ({ duration, reason }) =>
      endedCall(t, attemptNames, duration, meta(), failure(reason)),
    )
    listen<{ delay: number; attempt: number }>(policy.onRetry, ({ delay, attempt: retry }) =>
      t.execute('foundation.retry.backoff', { delay }, { operation: name, attempt: retry }),
    )
    listen<CockatielFailureReason>(policy.onGiveUp, (reason) =>
      t.execute(
        'foundation.retry.exhausted',
        {},
        { operation: name, total_attempts: attempt(), final_error: finalError(reason) },
      ),
    )
    undo.push(
      wrapExecute(
        policy,
        (original) =>
          function (this: unknown, fn, signal) {
            const state = { attempt: 0 }
            return retryAttempt.run(state, () =>
              original.call(
                this,
                (context) => {
                  state.attempt = (context?.attempt ?? state.attempt) + 1
                  return fn(context)
                },
                signal,
              ),
            )
          },
      ),
    )
    return
  }
  if (isEvent(policy.onStateChange) && isEvent(policy.onBreak)) {
    const read = () => breakerStates[typeof policy.state === 'number' ? policy.state : 0] ?? 'closed'
    let state: 'closed' | 'open' | 'half_open' = read()
    let reason: string | undefined
    const meta = (): Metadata => ({ name, state })
    listen<{ duration: number }>(policy.onSuccess, ({ duration }) =>
      endedCall(t, callNames, duration, meta()),
    )
    listen<{ duration: number; reason: CockatielFailureReason }>(
      policy.onFailure,
      ({ duration, reason: why }) => endedCall(t, callNames, duration, meta(), failure(why)),
    )
    listen<{ isolated?: boolean } | undefined>(policy.onBreak, (data) => {
      reason = data !== undefined && data !== null && 'isolated' in data ? 'isolated' : 'failure_threshold'
    })
    listen(policy.onReset, () => {
      reason = 'reset'
    })
    listen(policy.onHalfOpen, () => {
      reason = 'half_open_trial'
    })
    listen<number>(policy.onStateChange, (next) => {
      const to = breakerStates[next] ?? 'closed'
      const from = state
      state = to
      const why = reason ?? (to === 'closed' ? 'reset' : 'failure_threshold')
      reason = undefined
      if (from !== to)
        t.execute('foundation.circuit_breaker.state_change', {}, { name, from, to, reason: why })
    })
    undo.push(
      wrapExecute(
        policy,
        (original) =>
          function (this: unknown, fn, signal) {
            const result = original.call(this, fn, signal)
            // cockatiel has no event for a refused call: it throws BrokenCircuitError (or
            // IsolatedCircuitError) from execute. The caller still gets the original promise.
            result.then(undefined, (error: unknown) => {
              if (typeof error === 'object' && error !== null && 'isBrokenCircuitError' in error) {
                t.execute(
                  'foundation.circuit_breaker.call.rejected',
                  {},
                  { name, reason: 'isIsolatedCircuitError' in error ? 'isolated' : 'open' },
                )
              }
            })
            return result
          },
      ),
    )
    t.execute('foundation.circuit_breaker.health_check', {}, { name, healthy: state === 'closed', state })
    return
  }
  if (isEvent(policy.onReject)) {
    listen(policy.onReject, () => {
      const slots = {
        execution_slots: typeof policy.executionSlots === 'number' ? policy.executionSlots : undefined,
        queue_slots: typeof policy.queueSlots === 'number' ? policy.queueSlots : undefined,
      }
      t.execute('foundation.bulkhead.rejected', slots as Record<string, number>, { name })
    })
  }
  if (isEvent(policy.onTimeout)) {
    listen(policy.onTimeout, () =>
      t.execute(
        'foundation.timeout',
        typeof policy.duration === 'number' ? { timeout: policy.duration } : {},
        { operation: name },
      ),
    )
  }
  listen<{ duration: number }>(policy.onSuccess, ({ duration }) =>
    endedCall(t, asyncNames, duration, { operation: name }),
  )
  listen<{ duration: number; reason: CockatielFailureReason }>(policy.onFailure, ({ duration, reason }) =>
    endedCall(t, asyncNames, duration, { operation: name }, failure(reason)),
  )
}

const COCKATIEL: AdapterSpec<AnyPolicy, InstrumentCockatielOptions> = {
  api: 'instrumentCockatiel',
  accepts: isPolicy,
  notTarget: 'not a cockatiel policy',
  noName: 'options.name is required (a non-empty string)',
  attach: (t, policy, _options, name) => instrument(t, policy, name),
}

/**
 * Report `policy`'s events through `t` as the taxonomy's retry, circuit-breaker, bulkhead,
 * timeout and async events, which the Foundation collector records. `wrap(...)` chains are
 * walked so every inner policy is seen. Returns a function that disposes every subscription and
 * restores the policies. Instrumenting the same policy again returns the same function. Never
 * throws: anything that is not a cockatiel policy, or a missing name, is reported and left alone.
 *
 * @example
 * ```ts
 * import { ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleAll, retry, wrap } from 'cockatiel'
 * import { instrumentCockatiel } from '@foundation-telemetry/foundation-collector/cockatiel'
 *
 * const policy = wrap(
 *   retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() }),
 *   circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }),
 * )
 * const dispose = instrumentCockatiel(t, policy, { name: 'payments' })
 * ```
 */
export function instrumentCockatiel(
  t: Telemetry,
  policy: CockatielPolicyLike | { readonly wrapped: readonly CockatielPolicyLike[] },
  options: InstrumentCockatielOptions,
): Dispose {
  return instrumentTarget(t, policy, options, COCKATIEL)
}

function instrument(t: Telemetry, policy: AnyPolicy, name: string): Dispose {
  const subscriptions: Array<{ dispose(): void }> = []
  const undo: Array<() => void> = []
  const listen: Listen = (event, listener) => {
    if (!isEvent(event)) return
    subscriptions.push(
      (event as CockatielEvent<never>)((data) => {
        try {
          listener(data)
        } catch {
          // A listener of ours must never break the policy's execution.
        }
      }),
    )
  }
  // A policy already instrumented on its own (or in another wrap) keeps its adapter.
  const parts = policiesOf(policy).filter(
    (inner) => inner === policy || existingDisposer(t, inner) === undefined,
  )
  installOrReport(t, COCKATIEL.api, policy, () => {
    for (const inner of parts) instrumentOne(t, inner, name, listen, undo)
  })
  const dispose = () => {
    for (const s of subscriptions.splice(0)) s.dispose()
    for (const restore of undo.splice(0)) restore()
  }
  return remember(
    t,
    policy,
    dispose,
    parts.filter((inner) => inner !== policy),
  )
}
