import type { ResolvedResource } from './resource.ts'
import type { Metadata, SpanContext } from './types.ts'

/** Adds instance identity and the active trace ids to event metadata. */
export type Enricher = (metadata: Metadata, active: SpanContext | undefined) => Metadata

/**
 * Create the enricher of an instance. It runs only for events that have at least one handler;
 * it returns a new object (the caller's metadata is never mutated) in which the caller's keys win.
 */
export function createEnricher(resource: ResolvedResource): Enricher {
  const { service, layer, environment, host, pid } = resource
  if (layer === undefined) {
    return (metadata, active) =>
      active === undefined
        ? { service, environment, host, pid, ...metadata }
        : { service, environment, host, pid, trace_id: active.traceId, span_id: active.spanId, ...metadata }
  }
  return (metadata, active) =>
    active === undefined
      ? { service, layer, environment, host, pid, ...metadata }
      : {
          service,
          layer,
          environment,
          host,
          pid,
          trace_id: active.traceId,
          span_id: active.spanId,
          ...metadata,
        }
}
