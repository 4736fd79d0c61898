import {
  type EventSpec,
  type FieldSpecs,
  type LayerSpec,
  type SpanSpec,
  spanCompleteMeasurements,
  spanExceptionMetadata,
  spanStartMeasurements,
  spanStopMeasurements,
  type TaxonomyLayer,
} from './eventSpec.ts'

/** One measurement of an event. Measurement values are always numbers. */
export interface MeasurementDefinition {
  readonly key: string
  /** UCUM unit: `ms`, `By`, `1`, `{token}`, `USD`. */
  readonly unit: string
  readonly optional: boolean
}

/** One metadata key of an event. */
export interface MetadataFieldDefinition {
  readonly key: string
  /** `string`, `number`, `boolean`, `string[]`, `object`, `object[]`, `unknown`, or `a|b|c` literals. */
  readonly type: string
  readonly optional: boolean
}

/**
 * How an event came to be: a discrete `event`, or one of the names a span-shaped operation
 * expands to (`span_start` ... `span_complete`).
 */
export type EventKind = 'event' | 'span_start' | 'span_stop' | 'span_exception' | 'span_complete'

/** The runtime description of one taxonomy event, for docs, dashboards and validation. */
export interface EventDefinition {
  /** Dot-separated snake_case: `foundation.circuit_breaker.state_change`. */
  readonly name: string
  readonly layer: TaxonomyLayer
  readonly kind: EventKind
  /** For span events, the operation name given to `span()`: `foundation.process_registry.register`. */
  readonly span?: string
  readonly description: string
  readonly measurements: readonly MeasurementDefinition[]
  /** The event's own keys; the common keys (`trace_id`, ...) are listed once in `commonMetadataKeys`. */
  readonly metadata: readonly MetadataFieldDefinition[]
}

/** A layer's tables together with their runtime definitions. */
export interface LayerEvents<TSpec extends LayerSpec> {
  readonly layer: TaxonomyLayer
  readonly spec: TSpec
  readonly definitions: readonly EventDefinition[]
}

/** One field of a spec table, read: its unit or type, optional where the spec ends in `?`. */
interface FieldEntry {
  readonly key: string
  readonly value: string
  readonly optional: boolean
}

function fieldEntries(tables: ReadonlyArray<FieldSpecs | undefined>): FieldEntry[] {
  const out: FieldEntry[] = []
  for (const table of tables) {
    if (!table) continue
    for (const [key, spec] of Object.entries(table)) {
      const optional = spec.endsWith('?')
      out.push({ key, value: optional ? spec.slice(0, -1) : spec, optional })
    }
  }
  return out
}

function measurements(...tables: Array<FieldSpecs | undefined>): MeasurementDefinition[] {
  return fieldEntries(tables).map(({ key, value, optional }) => ({ key, unit: value, optional }))
}

function metadata(...tables: Array<FieldSpecs | undefined>): MetadataFieldDefinition[] {
  return fieldEntries(tables).map(({ key, value, optional }) => ({ key, type: value, optional }))
}

function discrete(layer: TaxonomyLayer, name: string, spec: EventSpec): EventDefinition {
  return {
    name,
    layer,
    kind: 'event',
    description: spec.description,
    measurements: measurements(spec.measurements),
    metadata: metadata(spec.metadata),
  }
}

function spanEvents(layer: TaxonomyLayer, span: string, spec: SpanSpec): EventDefinition[] {
  const { description, stop } = spec
  const events: EventDefinition[] = [
    {
      name: `${span}.start`,
      layer,
      kind: 'span_start',
      span,
      description: `${description}: started.`,
      measurements: measurements(spanStartMeasurements),
      metadata: metadata(spec.metadata),
    },
    {
      name: `${span}.stop`,
      layer,
      kind: 'span_stop',
      span,
      description: `${description}: finished.`,
      measurements: measurements(spanStopMeasurements, stop?.measurements),
      metadata: metadata(spec.metadata, stop?.metadata),
    },
    {
      name: `${span}.exception`,
      layer,
      kind: 'span_exception',
      span,
      description: `${description}: threw (the error is rethrown to the caller).`,
      measurements: measurements(spanStopMeasurements),
      metadata: metadata(spec.metadata, spanExceptionMetadata),
    },
  ]
  if (spec.complete) {
    events.push({
      name: `${span}.complete`,
      layer,
      kind: 'span_complete',
      span,
      description: `${description}: completed, reported explicitly (for code that does not wrap it in span).`,
      measurements: measurements(spanCompleteMeasurements, stop?.measurements),
      metadata: metadata(spec.metadata, stop?.metadata),
    })
  }
  return events
}

/**
 * Expand one layer's tables into event definitions. The `const` type parameter keeps the
 * literal specs, which {@link LayerShapes} reads to type {@link TelemetryEventMap}.
 */
export function defineLayerEvents<const TSpec extends LayerSpec>(
  layer: TaxonomyLayer,
  spec: TSpec,
): LayerEvents<TSpec> {
  const definitions: EventDefinition[] = []
  for (const [name, event] of Object.entries(spec.events ?? {}))
    definitions.push(discrete(layer, name, event))
  for (const [name, span] of Object.entries(spec.spans ?? {}))
    definitions.push(...spanEvents(layer, name, span))
  return { layer, spec, definitions }
}
