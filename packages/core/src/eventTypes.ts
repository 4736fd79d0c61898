/**
 * Type-level helpers that give handlers the taxonomy's shapes. Types only: nothing here exists
 * at runtime, so the dispatch paths are the same for typed and untyped handlers.
 */
import type { EventMeasurements, EventMetadata, EventsMatching } from '@foundation-telemetry/taxonomy'

/** The arguments of a handler for the events `TName` (a union gives a union of argument lists). */
export type HandlerArgs<TName extends string, TConfig> = TName extends string
  ? [event: TName, measurements: EventMeasurements<TName>, metadata: EventMetadata<TName>, config: TConfig]
  : never

/**
 * The same without `config`, and without `metadata`: TypeScript narrows a union of argument lists
 * only when the handler declares every element, so `attach` offers one signature per length.
 */
export type HandlerArgs3<TName extends string> = TName extends string
  ? [event: TName, measurements: EventMeasurements<TName>, metadata: EventMetadata<TName>]
  : never
export type HandlerArgs2<TName extends string> = TName extends string
  ? [event: TName, measurements: EventMeasurements<TName>]
  : never

/**
 * A handler for the events `TName`, typed from the taxonomy. For several events the arguments are
 * a union, so checking `event` narrows `measurements` and `metadata`:
 *
 * @example
 * ```ts
 * t.attach('breaker', 'foundation.circuit_breaker.*', (event, measurements, metadata) => {
 *   if (event === 'foundation.circuit_breaker.state_change') console.log(metadata.to)
 * })
 * ```
 */
export type EventHandler<TName extends string, TConfig = unknown> = (
  ...args: HandlerArgs<TName, TConfig>
) => void

/** The event names `attach`'s `events` argument (a selector or a list of them) delivers. */
export type AttachedEvents<TEvents extends string | readonly string[]> =
  TEvents extends readonly (infer TEach extends string)[]
    ? EventsMatching<TEach>
    : TEvents extends string
      ? EventsMatching<TEvents>
      : string

/**
 * The metadata `span(name, metadata, fn)` takes: the `.start` event's for a taxonomy span
 * operation, any plain object for other names.
 */
export type SpanMetadata<TName extends string> = EventMetadata<`${TName}.start`>
