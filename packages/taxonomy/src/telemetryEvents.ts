import { defineLayerEvents } from './eventDefinition.ts'

/**
 * Telemetry's own events, `telemetry.*`: each problem the toolkit absorbs instead of throwing
 * into the host program is emitted once here (and counted).
 */
export const telemetryEvents = defineLayerEvents('telemetry', {
  events: {
    'telemetry.handler.failure': {
      description: 'A handler threw. It is detached unless it was attached as durable.',
      metadata: { handler_id: 'string', event_name: 'string', error: 'unknown', durable: 'boolean' },
    },
    'telemetry.data.dropped': {
      description: 'Data was dropped: a full queue, a cardinality limit, an oversized payload.',
      metadata: { reason: 'string', source: 'string' },
      measurements: { count: '{item}' },
    },
    'telemetry.input.invalid': {
      description: 'An API got bad input (wrong type, missing name, malformed header) and ignored it.',
      metadata: { code: 'invalid_input|invalid_context', message: 'string', api: 'string' },
    },
    'telemetry.export.failure': {
      description: 'An exporter failed to deliver a batch.',
      metadata: { exporter: 'string', error: 'unknown' },
      measurements: { count: '{item}?' },
    },
  },
})
