import { currentCorrelationId } from './correlation.ts'
import { invalidInput, type TelemetryError } from './errors.ts'
import type { ResolvedResource } from './resource.ts'
import type { Metadata, SpanContext } from './types.ts'

/**
 * Every metadata key enrichment can add. A handler that reads none of them receives the same
 * values with or without enrichment, so it can take the caller's metadata as given.
 */
export const ENRICHMENT_KEYS: readonly string[] = Object.freeze([
  'service',
  'layer',
  'environment',
  'host',
  'pid',
  'trace_id',
  'span_id',
  'correlation_id',
])

/** Adds instance identity and the active trace ids to event metadata. */
export type Enricher = (metadata: Metadata, active: SpanContext | undefined) => Metadata

/**
 * Enriched metadata for one event, or `undefined` when reading the caller's metadata threw (the
 * error is reported and the event dropped).
 */
export type EnrichEvent = (event: string, metadata: Metadata) => Metadata | undefined

/**
 * Create the enricher of an instance. It runs only for events that have at least one handler;
 * it returns a new object (the caller's metadata is never mutated) in which the caller's keys
 * win: a key the caller set to anything but `undefined` is kept.
 */
export function createEnricher(resource: ResolvedResource): Enricher {
  const { service, layer, environment, host, pid } = resource
  // Cloning first and filling gaps is about twice as fast in V8 as a literal with a trailing
  // spread, and this runs once per handled event.
  return (metadata, active) => {
    const out: Metadata = { ...metadata }
    if (out.service === undefined) out.service = service
    if (layer !== undefined && out.layer === undefined) out.layer = layer
    if (out.environment === undefined) out.environment = environment
    if (out.host === undefined) out.host = host
    if (out.pid === undefined) out.pid = pid
    if (active !== undefined) {
      if (out.trace_id === undefined) out.trace_id = active.traceId
      if (out.span_id === undefined) out.span_id = active.spanId
    }
    if (out.correlation_id === undefined) {
      const correlation = currentCorrelationId()
      if (correlation !== undefined) out.correlation_id = correlation
    }
    return out
  }
}

/** What {@link createEventEnricher} reads: the instance's resource, its active span, its error hook. */
export interface EventEnricherOptions {
  resource: ResolvedResource
  activeSpanContext: () => SpanContext | undefined
  report: (error: TelemetryError) => void
}

/** The enricher of an instance's events: {@link createEnricher} that reports instead of throwing. */
export function createEventEnricher(options: EventEnricherOptions): EnrichEvent {
  const { activeSpanContext, report } = options
  const enrich = createEnricher(options.resource)
  return (event, metadata) => {
    try {
      return enrich(metadata, activeSpanContext())
    } catch (error) {
      report(
        invalidInput(`${event}: metadata could not be read`, {
          api: 'execute',
          event_name: event,
          error,
        }),
      )
      return undefined
    }
  }
}
