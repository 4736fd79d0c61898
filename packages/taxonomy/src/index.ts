/**
 * `@foundation-telemetry/taxonomy`: every event name with its typed measurement and metadata
 * shapes, and every metric definition, for the Foundation, agent (`foundation_jido`), ML
 * (`dspex`) and cross-layer (`foundation_os`) layers. No runtime dependencies.
 *
 * @example
 * ```ts
 * import { findMetricDefinition, isTaxonomyEvent, prometheusName } from '@foundation-telemetry/taxonomy'
 *
 * isTaxonomyEvent('foundation.circuit_breaker.state_change') // true
 * const def = findMetricDefinition('foundation_jido.signal.dispatch_duration')
 * def && prometheusName(def) // 'foundation_jido_signal_dispatch_duration_seconds'
 * ```
 */
import type { TaxonomyEventShapes } from './events.ts'

/** Numeric measurements of an event outside the taxonomy. Durations are milliseconds. */
export type Measurements = Record<string, number>
/** Metadata of an event outside the taxonomy: a plain object with snake_case keys. */
export type Metadata = Record<string, unknown>

/**
 * Event name -> `{ measurements; metadata }` for every taxonomy event. Add your own events by
 * declaration merging, and `execute` type-checks them too:
 *
 * @example
 * ```ts
 * declare module '@foundation-telemetry/taxonomy' {
 *   interface TelemetryEventMap {
 *     'shop.order.placed': { measurements: { amount: number }; metadata: { order_id: string } }
 *   }
 * }
 * ```
 */
export interface TelemetryEventMap extends TaxonomyEventShapes {}

/**
 * The measurements of event `TName`: its exact typed shape for a taxonomy (or merged) name,
 * `Record<string, number>` for any other string.
 */
export type EventMeasurements<TName extends string> = TName extends keyof TelemetryEventMap
  ? TelemetryEventMap[TName] extends { measurements: infer TMeasurements }
    ? TMeasurements
    : Measurements
  : Measurements

/**
 * The metadata of event `TName`: its typed keys plus any extra key for a taxonomy (or merged)
 * name, `Record<string, unknown>` for any other string.
 */
export type EventMetadata<TName extends string> = TName extends keyof TelemetryEventMap
  ? TelemetryEventMap[TName] extends { metadata: infer TMetadata }
    ? TMetadata
    : Metadata
  : Metadata

export { commonMetadataKeys } from './commonMetadata.ts'
// Events
export type {
  EventDefinition,
  EventKind,
  MeasurementDefinition,
  MetadataFieldDefinition,
} from './eventDefinition.ts'
export type {
  CommonMetadata,
  EventShape,
  MeasurementsOf,
  MetadataOf,
  MetadataValue,
  TaxonomyLayer,
} from './eventSpec.ts'
export type { TaxonomyEventName, TaxonomyEventShapes } from './events.ts'
export { eventDefinitions, eventNames, findEventDefinition, isTaxonomyEvent } from './events.ts'
// Metrics
export type { MetricDefinition, MetricKind } from './metricDefinition.ts'
export { bucketAdvice } from './metricDefinition.ts'
export type { TaxonomyMetricName } from './metrics.ts'
export { findMetricDefinition, metricDefinitions } from './metrics.ts'
export type {
  EventName,
  EventSelector,
  EventsMatching,
  KnownEventName,
  KnownEventPattern,
  KnownSpanName,
  MetricName,
  SpanName,
} from './nameTypes.ts'
export { prometheusName } from './prometheusName.ts'
export { toText } from './text.ts'
// Units and backend names
export type { BaseUnit } from './units.ts'
export { baseUnit, convertToBaseUnit, unitToPrometheusSuffix } from './units.ts'
