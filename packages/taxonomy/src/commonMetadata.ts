import type { CommonMetadata } from './eventSpec.ts'

/** One metadata key every event may carry. */
export interface CommonMetadataKey {
  readonly key: keyof CommonMetadata & string
  readonly type: string
  readonly description: string
}

/**
 * The metadata keys any event may carry, set by core's enrichment or by the caller for
 * correlation (seeds 000 and 004). Typed on every taxonomy event, never required.
 */
export const commonMetadataKeys: readonly CommonMetadataKey[] = [
  { key: 'trace_id', type: 'string', description: 'W3C trace id, 32 lower-case hex characters.' },
  { key: 'span_id', type: 'string', description: 'W3C span id, 16 lower-case hex characters.' },
  { key: 'parent_span_id', type: 'string', description: "The parent span's id; absent for a root span." },
  { key: 'request_id', type: 'string', description: 'The request this event belongs to.' },
  { key: 'correlation_id', type: 'string', description: 'The `X-Correlation-ID` that follows a request.' },
  { key: 'service', type: 'string', description: '`service.name` of the emitting telemetry instance.' },
  {
    key: 'layer',
    type: 'string',
    description: 'Layer of the emitting instance (`foundation`, `dspex`, ...).',
  },
  { key: 'environment', type: 'string', description: '`deployment.environment` of the emitting instance.' },
  { key: 'host', type: 'string', description: 'Host name of the emitting process.' },
  { key: 'pid', type: 'number', description: 'Process id of the emitting process.' },
]
