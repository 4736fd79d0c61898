/**
 * The opossum adapter's calls in flight. opossum's events carry no call id, so a listener finds
 * the call an event belongs to from the active span: the adapter runs each call with its span
 * active, and opossum registers its completion callbacks inside the call.
 */
import type { Span, Telemetry } from '@foundation-telemetry/core'
import { LiveCall, spanNames } from './callSpan.ts'

/** The event names of a breaker call: `foundation.circuit_breaker.call.start`, `.stop`, `.exception`. */
export const callNames = spanNames('foundation.circuit_breaker.call')

/** What the adapter knows about one call in flight: one object per call. */
export class OpossumCall extends LiveCall {
  /** Set by `semaphoreLocked`: the failure that follows is a refusal, not a failed call. */
  refused: string | undefined = undefined
  timedOut = false
}

/** Calls in flight per breaker before the oldest is forgotten (opossum never ended it). */
export const MAX_IN_FLIGHT = 10_000

/**
 * One breaker's calls in flight, by span. A Map, not a WeakMap: short-lived keys in a WeakMap
 * cost the garbage collector more than the whole call (measured: a third of the time in GC).
 * Every ending path forgets its call, and the size is bounded for calls opossum never ends.
 */
export class CallsInFlight {
  private readonly calls = new Map<Span, OpossumCall>()
  private readonly t: Pick<Telemetry, 'activeSpan'>
  private readonly max: number

  constructor(t: Pick<Telemetry, 'activeSpan'>, max = MAX_IN_FLIGHT) {
    this.t = t
    this.max = max
  }

  /** How many calls are in flight. */
  get size(): number {
    return this.calls.size
  }

  /** Track `call` until it is forgotten; past the bound the oldest call is forgotten first. */
  add(call: OpossumCall): void {
    if (this.calls.size >= this.max) {
      const oldest = this.calls.keys().next().value
      if (oldest !== undefined) this.calls.delete(oldest)
    }
    this.calls.set(call.span, call)
  }

  /**
   * The call whose span is active, if it is in flight. With no call in flight (the common case
   * between calls of a sequential caller) the context is not read.
   */
  current(): OpossumCall | undefined {
    if (this.calls.size === 0) return undefined
    const span = this.t.activeSpan()
    return span === undefined ? undefined : this.calls.get(span)
  }

  /** Stop tracking `call`. */
  forget(call: OpossumCall): void {
    this.calls.delete(call.span)
  }
}
