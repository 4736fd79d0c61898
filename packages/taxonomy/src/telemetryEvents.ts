import { defineLayerEvents } from './eventDefinition.ts'

// Core's error reporter adds the error's code and message to every problem event.
const reported = { code: 'string?', message: 'string?' } as const

/**
 * Telemetry's own events, `telemetry.*`: each problem the toolkit absorbs instead of throwing
 * into the host program is emitted once here (and counted), plus exporter diagnostics.
 */
export const telemetryEvents = defineLayerEvents('telemetry', {
  events: {
    'telemetry.handler.failure': {
      description: 'A handler threw. It is detached unless it was attached as durable.',
      metadata: {
        handler_id: 'string',
        event_name: 'string',
        error: 'unknown',
        durable: 'boolean',
        ...reported,
      },
      measurements: { count: '{failure}?' },
    },
    'telemetry.data.dropped': {
      description: 'Data was dropped: a full queue, a cardinality limit, an oversized payload.',
      metadata: { reason: 'string', source: 'string', ...reported },
      measurements: { count: '{item}' },
    },
    'telemetry.input.invalid': {
      description: 'An API got bad input (wrong type, missing name, malformed header) and ignored it.',
      metadata: { code: 'invalid_input|invalid_context', message: 'string', api: 'string' },
      measurements: { count: '{call}?' },
    },
    'telemetry.export.failure': {
      description: 'An exporter failed to deliver a batch.',
      metadata: { exporter: 'string', error: 'unknown', ...reported },
      measurements: { count: '{failure}?' },
    },
    'telemetry.error': {
      description: 'A problem whose code has no event of its own.',
      metadata: { code: 'string', message: 'string' },
      measurements: { count: '{error}?' },
    },
    'telemetry.metric.undeclared': {
      description: '`recordMetric` met a name the taxonomy does not define and created it (once per name).',
      metadata: { metric: 'string', kind: 'counter|updowncounter|gauge|histogram|summary' },
    },
    'telemetry.exporter.retry': {
      description: 'An exporter retries a failed delivery after `delay`.',
      metadata: { exporter: 'string', signal: 'string?', status: 'number?', retry_after: 'number?' },
      measurements: { attempt: '{attempt}', delay: 'ms' },
    },
    'telemetry.exporter.scrape': {
      description: 'The Prometheus exporter answered a scrape.',
      metadata: { exporter: 'string', format: 'string', status_code: 'number' },
      measurements: { duration: 'ms', bytes: 'By', series: '{series}' },
    },
  },
})
