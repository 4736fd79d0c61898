/**
 * Matching an event's measurements and metadata against a partial expectation: plain values,
 * predicates and asymmetric matchers (vitest's `expect.any(Number)`, `expect.stringMatching(...)`),
 * detected by shape so the main entry never imports vitest.
 */
import type { EventMeasurements, EventMetadata } from '@foundation-telemetry/taxonomy'

/** Anything with an `asymmetricMatch` method: vitest's and Jest's `expect.any(...)`, `expect.objectContaining(...)`. */
export interface AsymmetricMatcherLike {
  asymmetricMatch(other: unknown): boolean
}

/** What an untyped field accepts: a value, a predicate or an asymmetric matcher. */
export type AnyFieldMatch =
  // biome-ignore lint/suspicious/noExplicitAny: predicates on untyped fields must accept any value
  | ((value: any) => boolean)
  | AsymmetricMatcherLike
  | string
  | number
  | boolean
  | bigint
  | symbol
  | null
  | undefined
  | object

/**
 * How one field is matched: an equal value (objects match partially and deeply, arrays element
 * by element), a predicate `(value) => boolean`, an asymmetric matcher, or a `RegExp` for strings.
 * Predicates are typed for a present value; on an absent key they receive `undefined`, and one
 * that throws there simply does not match.
 */
export type FieldMatch<T> = unknown extends T
  ? AnyFieldMatch
  : ((value: Exclude<T, undefined>) => boolean) | AsymmetricMatcherLike | ValueMatch<T>

type ValueMatch<T> = T extends string
  ? T | RegExp
  : T extends readonly unknown[]
    ? T
    : T extends object
      ? ObjectMatch<T>
      : T

/** A partial match of an object: every listed key must match, other keys are ignored. */
export type ObjectMatch<T> = { [TKey in keyof T]?: FieldMatch<T[TKey]> } & { [key: string]: AnyFieldMatch }

/**
 * What an event must look like: partial `measurements` and `metadata`, each an object of field
 * matches or a single predicate / asymmetric matcher over the whole object.
 *
 * @example
 * const match: EventMatch<'foundation.circuit_breaker.state_change'> = {
 *   metadata: { name: 'payments', to: 'open' },
 *   measurements: { failure_count: (n) => n >= 3 },
 * }
 */
export interface EventMatch<TName extends string = string> {
  measurements?: FieldMatch<EventMeasurements<TName>>
  metadata?: FieldMatch<EventMetadata<TName>>
}

/** True when `value` is an asymmetric matcher (has an `asymmetricMatch` function). */
export function isAsymmetricMatcher(value: unknown): value is AsymmetricMatcherLike {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { asymmetricMatch?: unknown }).asymmetricMatch === 'function'
  )
}

/** True for `{}` literals and `Object.create(null)`, the only objects matched key by key. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Whether `actual` satisfies `expected`. Predicates and matchers that throw count as a mismatch:
 * a helper's handler must never throw into the bus (core would detach it).
 */
export function matchValue(expected: unknown, actual: unknown): boolean {
  if (isAsymmetricMatcher(expected)) {
    try {
      return expected.asymmetricMatch(actual) === true
    } catch {
      return false
    }
  }
  if (typeof expected === 'function') {
    try {
      return Boolean((expected as (value: unknown) => unknown)(actual))
    } catch {
      return false
    }
  }
  if (expected instanceof RegExp) {
    if (typeof actual === 'string') return new RegExp(expected.source, expected.flags).test(actual)
    return actual instanceof RegExp && actual.source === expected.source && actual.flags === expected.flags
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return false
    for (let i = 0; i < expected.length; i++) if (!matchValue(expected[i], actual[i])) return false
    return true
  }
  if (isPlainObject(expected)) {
    if (actual === null || typeof actual !== 'object') return false
    for (const key of Object.keys(expected)) {
      if (!matchValue(expected[key], (actual as Record<string, unknown>)[key])) return false
    }
    return true
  }
  if (expected instanceof Date) return actual instanceof Date && actual.getTime() === expected.getTime()
  return Object.is(expected, actual)
}

/** Whether an event's measurements and metadata satisfy `match` (an absent match matches everything). */
export function matchEvent(match: EventMatch | undefined, measurements: unknown, metadata: unknown): boolean {
  if (match === undefined || match === null) return true
  if (match.measurements !== undefined && !matchValue(match.measurements, measurements ?? {})) return false
  if (match.metadata !== undefined && !matchValue(match.metadata, metadata ?? {})) return false
  return true
}

/**
 * Whether `name` is covered by `pattern`: `*` covers every name, `a.b.*` covers names under
 * `a.b.`, anything else must be equal.
 */
export function eventMatchesPattern(pattern: string, name: string): boolean {
  if (pattern === '*') return true
  if (pattern.endsWith('.*')) return name.startsWith(pattern.slice(0, -1))
  return pattern === name
}

/** Event names the taxonomy knows, for autocompletion. */
export type KnownEventName = keyof import('@foundation-telemetry/taxonomy').TelemetryEventMap & string

/**
 * An event name or prefix pattern (`'foundation.circuit_breaker.*'`, or `'*'` for every event).
 * Known names autocomplete; any string is accepted.
 */
export type EventName = KnownEventName | (string & {})

/** An event as the helpers return it, typed from the taxonomy when `TName` is a known name. */
export interface TelemetryEvent<TName extends string = string> {
  event: string
  measurements: EventMeasurements<TName>
  metadata: EventMetadata<TName>
}

/** One expected event in a list: a name, or `[name, match]`. */
export type EventStep<TName extends EventName = EventName> = TName | readonly [TName, EventMatch<TName>?]

/** Normalise a step to `{ event, match }`. */
export function normalizeStep(step: EventStep): { event: string; match: EventMatch | undefined } {
  if (typeof step === 'string') return { event: step, match: undefined }
  return { event: step[0], match: step[1] }
}
