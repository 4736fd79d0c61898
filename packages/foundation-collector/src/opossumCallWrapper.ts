/**
 * The replacement of an opossum breaker's `call`: each guarded call runs with its own
 * `foundation.circuit_breaker.call` span active, so the action's spans are its children and the
 * adapter's listeners find the call from the active span. The `.start` event is emitted here
 * (opossum's `fire` comes first thing in every call that is not shut down), so the adapter needs
 * no `fire` listener.
 *
 * A call span is made only when something would see it (see {@link callObserved}); otherwise the
 * call runs in the caller's context and costs next to nothing.
 */
import type { Telemetry } from '@foundation-telemetry/core'
import { emitCallStart, type SpanNames } from './callSpan.ts'
import { type CallsInFlight, callNames, OpossumCall } from './opossumCalls.ts'
import type { OpossumState } from './opossumState.ts'

/** The parts of an opossum breaker that decide whether a call is a call span. */
export interface CallGate {
  readonly enabled: boolean
  readonly closed: boolean
  readonly pendingClose: boolean
}

/** opossum's `call`: the receiver is the breaker, the arguments the action's. */
// biome-ignore lint/suspicious/noExplicitAny: opossum's call takes the action's arguments
export type BreakerCall = (this: unknown, ...args: any[]) => Promise<any>

/**
 * Whether a span of `names` would be seen by anyone now: a span processor is registered on `t`,
 * or a handler listens to its `.start`, `.stop` or `.exception`. Built once; one check per call.
 */
export function callObserved(t: Telemetry, names: SpanNames): () => boolean {
  const startEvent = t.event(names.start)
  const stopEvent = t.event(names.stop)
  const exceptionEvent = t.event(names.exception)
  const recordsSpans = typeof t.recordsSpans === 'function' ? () => t.recordsSpans() : () => true
  return () =>
    recordsSpans() || startEvent.hasHandlers() || stopEvent.hasHandlers() || exceptionEvent.hasHandlers()
}

function isShutdown(breaker: CallGate): boolean {
  return (breaker as { isShutdown?: unknown }).isShutdown === true
}

/**
 * `original` (the breaker's `call`) wrapped for breaker `name`: each call that will run the
 * action and is observed becomes an {@link OpossumCall} tracked in `calls`, with the breaker's
 * state from `state` in its metadata.
 */
export function wrapBreakerCall(
  t: Telemetry,
  breaker: CallGate,
  original: BreakerCall,
  name: string,
  calls: CallsInFlight,
  state: OpossumState,
): BreakerCall {
  const observed = callObserved(t, callNames)
  // The call's receiver and arguments, handed to `inCall` through these two slots instead of a
  // closure per call: `withContext` runs it synchronously, and it reads them before anything
  // else can run.
  let pendingThis: unknown
  let pendingArgs: IArguments | undefined
  const inCall = () => {
    const self = pendingThis
    const args = pendingArgs as IArguments
    pendingThis = pendingArgs = undefined
    return Reflect.apply(original, self, args)
  }
  return function (this: unknown) {
    // A disabled breaker runs the action bare and emits no completion events; an open one
    // refuses without running it. Neither is a call span.
    // A shut-down breaker rejects without any event. An unobserved call needs no span.
    if (
      !observed() ||
      !breaker.enabled ||
      (!breaker.closed && !breaker.pendingClose) ||
      isShutdown(breaker)
    ) {
      // biome-ignore lint/complexity/noArguments: forwards opossum's call arguments without copying them
      return Reflect.apply(original, this, arguments)
    }
    const call = new OpossumCall(t, t.startSpan(callNames.name), { name, state: state.current })
    calls.add(call)
    // opossum's `fire` comes first thing in every call that is not shut down: this is its `.start`.
    emitCallStart(t, callNames, call)
    pendingThis = this
    // biome-ignore lint/complexity/noArguments: as above
    pendingArgs = arguments
    return t.withContext(call.span, inCall)
  }
}
