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

import { describeError, type Metadata, type Telemetry } from '@foundation-telemetry/core'
import { endedCall, type SpanNames, spanNames } from './callSpan.ts'
import { CockatielBreakerState, reportingRefusals } from './cockatielBreaker.ts'
import {
  type AdapterSpec,
  type Dispose,
  existingDisposer,
  installOrReport,
  instrumentTarget,
  remember,
} from './instrumented.ts'
import { PolicyHooks } from './policyHooks.ts'
import { countingAttempts, currentAttempt } from './retryAttempts.ts'

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

const attemptNames = spanNames('foundation.retry.attempt')
const callNames = spanNames('foundation.circuit_breaker.call')
const asyncNames = spanNames('foundation.async')

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

type Ended = { duration: number; reason?: CockatielFailureReason }

/**
 * Report `policy`'s ended calls (`onSuccess`, `onFailure`) as spans of `names` with the metadata
 * `metadata()` gives at the end of each.
 */
function listenToCalls(
  t: Telemetry,
  hooks: PolicyHooks,
  policy: AnyPolicy,
  names: SpanNames,
  metadata: () => Metadata,
): void {
  hooks.listen<Ended>(policy.onSuccess, ({ duration }) => endedCall(t, names, duration, metadata()))
  hooks.listen<Ended>(policy.onFailure, ({ duration, reason }) =>
    endedCall(t, names, duration, metadata(), failure(reason)),
  )
}

/** A retry: each attempt a span, each backoff and the giving up an event; `execute` counts attempts. */
function instrumentRetry(t: Telemetry, policy: AnyPolicy, name: string, hooks: PolicyHooks): void {
  listenToCalls(t, hooks, policy, attemptNames, () => ({ operation: name, attempt: currentAttempt() }))
  hooks.listen<{ delay: number; attempt: number }>(policy.onRetry, ({ delay, attempt }) =>
    t.execute('foundation.retry.backoff', { delay }, { operation: name, attempt }),
  )
  hooks.listen<CockatielFailureReason>(policy.onGiveUp, (reason) =>
    t.execute(
      'foundation.retry.exhausted',
      {},
      { operation: name, total_attempts: currentAttempt(), final_error: finalError(reason) },
    ),
  )
  hooks.replaceExecute(policy, countingAttempts)
}

/** A circuit breaker: calls as spans, state changes, refusals from `execute`, its state now. */
function instrumentBreaker(t: Telemetry, policy: AnyPolicy, name: string, hooks: PolicyHooks): void {
  const state = new CockatielBreakerState(t, name, policy.state)
  listenToCalls(t, hooks, policy, callNames, () => ({ name, state: state.current }))
  hooks.listen<{ isolated?: boolean } | undefined>(policy.onBreak, (data) => state.onBreak(data))
  hooks.listen(policy.onReset, () => state.onReset())
  hooks.listen(policy.onHalfOpen, () => state.onHalfOpen())
  hooks.listen<number>(policy.onStateChange, (next) => state.onStateChange(next))
  hooks.replaceExecute(policy, (original) => reportingRefusals(t, name, original))
  state.reportHealth()
}

/** Any other policy: a bulkhead's rejections, a timeout's timeouts, and calls as async spans. */
function instrumentPolicy(t: Telemetry, policy: AnyPolicy, name: string, hooks: PolicyHooks): void {
  hooks.listen(policy.onReject, () => {
    const slots = {
      execution_slots: typeof policy.executionSlots === 'number' ? policy.executionSlots : undefined,
      queue_slots: typeof policy.queueSlots === 'number' ? policy.queueSlots : undefined,
    }
    t.execute('foundation.bulkhead.rejected', slots as Record<string, number>, { name })
  })
  hooks.listen(policy.onTimeout, () =>
    t.execute('foundation.timeout', typeof policy.duration === 'number' ? { timeout: policy.duration } : {}, {
      operation: name,
    }),
  )
  listenToCalls(t, hooks, policy, asyncNames, () => ({ operation: name }))
}

/** Instrument one policy that is not a wrap, by what kind of policy its events say it is. */
function instrumentOne(t: Telemetry, policy: AnyPolicy, name: string, hooks: PolicyHooks): void {
  if (isEvent(policy.onRetry) && isEvent(policy.onGiveUp)) instrumentRetry(t, policy, name, hooks)
  else if (isEvent(policy.onStateChange) && isEvent(policy.onBreak)) instrumentBreaker(t, policy, name, hooks)
  else instrumentPolicy(t, policy, name, hooks)
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
  const hooks = new PolicyHooks()
  // A policy already instrumented on its own (or in another wrap) keeps its adapter.
  const parts = policiesOf(policy).filter(
    (inner) => inner === policy || existingDisposer(t, inner) === undefined,
  )
  installOrReport(t, COCKATIEL.api, policy, () => {
    for (const inner of parts) instrumentOne(t, inner, name, hooks)
  })
  return remember(
    t,
    policy,
    () => hooks.dispose(),
    parts.filter((inner) => inner !== policy),
  )
}
