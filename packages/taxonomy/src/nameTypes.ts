/**
 * Name types for APIs that take event and metric names: they list the taxonomy's names (so
 * editors complete them) and still accept any other string for your own events and metrics.
 * `string & {}` keeps the literal members visible to completion; a plain `| string` would
 * swallow them.
 */
import type { TelemetryEventMap } from './index.ts'
import type { TaxonomyMetricName } from './metrics.ts'

/** An event name the taxonomy (or your declaration merging into `TelemetryEventMap`) defines. */
export type KnownEventName = keyof TelemetryEventMap & string

/** Any event name: the known ones are offered by completion, any other string is accepted. */
export type EventName = KnownEventName | (string & {})

type PrefixPatterns<
  TName extends string,
  TDone extends string = '',
> = TName extends `${infer THead}.${infer TRest}`
  ? `${TDone}${THead}.*` | PrefixPatterns<TRest, `${TDone}${THead}.`>
  : never

/** Every prefix pattern (`foundation.circuit_breaker.*`) that matches at least one known event. */
export type KnownEventPattern = PrefixPatterns<KnownEventName>

/** What `attach` takes for one entry: a known name, a known prefix pattern, or any string. */
export type EventSelector = KnownEventName | KnownEventPattern | (string & {})

/**
 * The event names a selector delivers, as types: the name itself, or for a prefix pattern the
 * known names under the prefix. A pattern that matches no known name, and `'*'`, give `string`.
 * Events you emit under a taxonomy prefix without declaring them are not in the union: declare
 * them in `TelemetryEventMap` to have them typed.
 */
export type EventsMatching<TSelector extends string> = TSelector extends '*'
  ? string
  : TSelector extends `${infer TPrefix}.*`
    ? [Extract<KnownEventName, `${TPrefix}.${string}`>] extends [never]
      ? string
      : Extract<KnownEventName, `${TPrefix}.${string}`>
    : TSelector

/** The name of a span-shaped taxonomy operation: `span(name)` emits `${name}.start` and friends. */
export type KnownSpanName = KnownEventName extends infer TName
  ? TName extends `${infer TOperation}.start`
    ? TOperation
    : never
  : never

/** Any span name: the taxonomy's span operations are offered by completion, any string is accepted. */
export type SpanName = KnownSpanName | (string & {})

/** Any metric name: the taxonomy's metrics are offered by completion, any string is accepted. */
export type MetricName = TaxonomyMetricName | (string & {})
