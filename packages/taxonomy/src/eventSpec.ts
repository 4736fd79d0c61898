/**
 * The compact table format the event taxonomy is written in, and the type-level readers that
 * turn those tables into the typed {@link TelemetryEventMap} shapes. One table row drives the
 * runtime definition (docs, dashboard, `isTaxonomyEvent`) and the compile-time check alike, so
 * the two cannot drift.
 */

/**
 * A measurement field: its UCUM unit (`ms`, `By`, `1`, `{token}`, `USD`); a trailing `?`
 * marks it optional. Measurement values are always numbers.
 */
export type MeasurementSpec = string

/**
 * A metadata field: `string`, `number`, `boolean`, `string[]`, `object`, `object[]`,
 * `unknown`, or `|`-separated string literals (`closed|open|half_open`); a trailing `?`
 * marks it optional.
 */
export type MetadataSpec = string

/** Field name -> spec, for measurements or metadata. */
export type FieldSpecs = { readonly [key: string]: string }

/** One discrete event in a layer table. */
export interface EventSpec {
  readonly description: string
  readonly measurements?: FieldSpecs
  readonly metadata?: FieldSpecs
}

/**
 * One span-shaped operation: expands to `${name}.start`, `${name}.stop` and
 * `${name}.exception`, the names core's `span(name, ...)` emits, plus `${name}.complete`
 * when the seeds name one.
 */
export interface SpanSpec {
  readonly description: string
  /** Metadata of `.start`, repeated on `.stop`, `.exception` and `.complete` (core repeats it). */
  readonly metadata?: FieldSpecs
  /** Extra fields on `.stop` and `.complete`. Keep them optional: `span` cannot know them. */
  readonly stop?: { readonly measurements?: FieldSpecs; readonly metadata?: FieldSpecs }
  /** The seeds name a `.complete` event for this operation; define it too. */
  readonly complete?: boolean
}

/** The layer an event or metric belongs to; `telemetry` is the toolkit's own health. */
export type TaxonomyLayer = 'foundation' | 'foundation_jido' | 'dspex' | 'foundation_os' | 'telemetry'

/** The tables of one layer file. */
export interface LayerSpec {
  readonly events?: { readonly [name: string]: EventSpec }
  readonly spans?: { readonly [name: string]: SpanSpec }
}

/** Measurements of every `.start`: the monotonic clock (ms) and, optionally, epoch ms. */
export const spanStartMeasurements = { monotonic_time: 'ms', system_time: 'ms?' } as const
/** Measurements of every `.stop` and `.exception`: the span's duration and the monotonic clock, ms. */
export const spanStopMeasurements = { duration: 'ms', monotonic_time: 'ms' } as const
/** Metadata every `.exception` adds: the error's class name, its message, a bounded stack, the error. */
export const spanExceptionMetadata = {
  kind: 'string',
  reason: 'string',
  stacktrace: 'string?',
  error: 'unknown?',
} as const
/** Measurements of every seed-named `.complete`; the duration is known only to some reporters. */
export const spanCompleteMeasurements = { duration: 'ms?' } as const

/**
 * Metadata keys any event may carry (enrichment and correlation ids, seed 000 and 004). They
 * are typed on every taxonomy event so a wrong type fails, but never required.
 */
export interface CommonMetadata {
  /** W3C trace id, 32 lower-case hex characters. */
  trace_id?: string | undefined
  /** W3C span id, 16 lower-case hex characters. */
  span_id?: string | undefined
  /** The parent span's id; absent for a root span. */
  parent_span_id?: string | undefined
  /** The request this event belongs to (seed 000). */
  request_id?: string | undefined
  /** The `X-Correlation-ID` of the request (seed 004). */
  correlation_id?: string | undefined
  /** `service.name` of the emitting instance. */
  service?: string | undefined
  /** The layer of the emitting instance. */
  layer?: string | undefined
  /** `deployment.environment`. */
  environment?: string | undefined
  host?: string | undefined
  pid?: number | undefined
}

// ---- type-level readers -------------------------------------------------------------------

type Strip<TSpec> = TSpec extends `${infer TBase}?` ? TBase : TSpec
type SplitLiterals<TSpec extends string> = TSpec extends `${infer THead}|${infer TRest}`
  ? THead | SplitLiterals<TRest>
  : TSpec

/** The TypeScript type a metadata spec string stands for. */
export type MetadataValue<TSpec extends string> = TSpec extends 'string'
  ? string
  : TSpec extends 'number'
    ? number
    : TSpec extends 'boolean'
      ? boolean
      : TSpec extends 'string[]'
        ? readonly string[]
        : TSpec extends 'object'
          ? { readonly [key: string]: unknown }
          : TSpec extends 'object[]'
            ? ReadonlyArray<{ readonly [key: string]: unknown }>
            : TSpec extends 'unknown'
              ? unknown
              : SplitLiterals<TSpec>

type RequiredKeys<TSpecs> = {
  [K in keyof TSpecs]: TSpecs[K] extends `${string}?` ? never : K
}[keyof TSpecs]
type OptionalKeys<TSpecs> = Exclude<keyof TSpecs, RequiredKeys<TSpecs>>

/** Flattens an intersection so editors show one object. */
type Flatten<T> = { [K in keyof T]: T[K] } & {}

/** Exact measurement shape: known keys only, all numbers, optional where the spec says `?`. */
export type MeasurementsOf<TSpecs> = Flatten<
  { [K in RequiredKeys<TSpecs>]: number } & { [K in OptionalKeys<TSpecs>]?: number }
>

/**
 * Metadata shape: the spec's keys typed (optional ones also accept `undefined`), the
 * {@link CommonMetadata} keys, and any other key as `unknown` so enrichment and custom keys pass.
 */
export type MetadataOf<TSpecs> = Flatten<
  { [K in RequiredKeys<TSpecs>]: MetadataValue<TSpecs[K] & string> } & {
    [K in OptionalKeys<TSpecs>]?: MetadataValue<Strip<TSpecs[K]> & string> | undefined
  } & CommonMetadata & { [key: string]: unknown }
>

/** The shape of one event in {@link TelemetryEventMap}. */
export interface EventShape<TMeasurements, TMetadata> {
  measurements: TMeasurements
  metadata: TMetadata
}

type Specs<T, TKey extends string> = T extends { readonly [K in TKey]: infer TSpecs } ? TSpecs : {}
type StopSpecs<T, TKey extends string> = T extends { readonly stop: infer TStop } ? Specs<TStop, TKey> : {}

type DiscreteShapes<TEvents> = {
  -readonly [K in keyof TEvents]: EventShape<
    MeasurementsOf<Specs<TEvents[K], 'measurements'>>,
    MetadataOf<Specs<TEvents[K], 'metadata'>>
  >
}

type SpanShapes<TSpans> = {
  -readonly [K in keyof TSpans & string as `${K}.start`]: EventShape<
    MeasurementsOf<typeof spanStartMeasurements>,
    MetadataOf<Specs<TSpans[K], 'metadata'>>
  >
} & {
  -readonly [K in keyof TSpans & string as `${K}.stop`]: EventShape<
    MeasurementsOf<typeof spanStopMeasurements & StopSpecs<TSpans[K], 'measurements'>>,
    MetadataOf<Specs<TSpans[K], 'metadata'> & StopSpecs<TSpans[K], 'metadata'>>
  >
} & {
  -readonly [K in keyof TSpans & string as `${K}.exception`]: EventShape<
    MeasurementsOf<typeof spanStopMeasurements>,
    MetadataOf<Specs<TSpans[K], 'metadata'> & typeof spanExceptionMetadata>
  >
} & {
  -readonly [K in keyof TSpans & string as TSpans[K] extends { readonly complete: true }
    ? `${K}.complete`
    : never]: EventShape<
    MeasurementsOf<typeof spanCompleteMeasurements & StopSpecs<TSpans[K], 'measurements'>>,
    MetadataOf<Specs<TSpans[K], 'metadata'> & StopSpecs<TSpans[K], 'metadata'>>
  >
}

/** Every event shape one layer table defines, keyed by event name. */
export type LayerShapes<TLayer> = (TLayer extends { readonly events: infer TEvents }
  ? DiscreteShapes<TEvents>
  : {}) &
  (TLayer extends { readonly spans: infer TSpans } ? SpanShapes<TSpans> : {})
