import { counter, defineMetrics, gauge } from './metricDefinition.ts'

/**
 * Telemetry's own health, `telemetry.*`: absorbed problems (handler failures, dropped data,
 * invalid input; core's error reporter records these three) and exporter delivery, each exporter
 * tagged by name.
 */
export const telemetryMetrics = defineMetrics('telemetry', [
  counter('telemetry.handler.failures', {
    unit: '{failure}',
    description: 'Handler calls that threw.',
    tagKeys: ['handler_id', 'durable'],
    events: ['telemetry.handler.failure'],
    recordedByCode: true,
  }),
  counter('telemetry.data.dropped', {
    unit: '{item}',
    description: 'Items dropped (full queue, cardinality limit, oversized payload), by reason and source.',
    tagKeys: ['reason', 'source'],
    events: ['telemetry.data.dropped'],
    recordedByCode: true,
  }),
  counter('telemetry.input.invalid', {
    unit: '{call}',
    description: 'API calls with bad input that were ignored, by code and API.',
    tagKeys: ['code', 'api'],
    events: ['telemetry.input.invalid'],
    recordedByCode: true,
  }),
  counter('telemetry.exporter.exported', {
    unit: '{item}',
    description: 'Items (spans, metric points, events) an exporter delivered.',
    tagKeys: ['exporter', 'signal'],
  }),
  counter('telemetry.exporter.dropped', {
    unit: '{item}',
    description: 'Items an exporter dropped before sending (queue full, shut down).',
    tagKeys: ['exporter', 'signal', 'reason'],
    events: ['telemetry.data.dropped'],
  }),
  counter('telemetry.exporter.failed', {
    unit: '{item}',
    description: 'Items in exports that failed to deliver.',
    tagKeys: ['exporter', 'signal'],
    events: ['telemetry.export.failure'],
  }),
  counter('telemetry.exporter.scrapes', {
    unit: '{scrape}',
    description: 'Scrapes the Prometheus exporter answered, by HTTP status code.',
    tagKeys: ['exporter', 'code'],
    events: ['telemetry.exporter.scrape'],
  }),
  gauge('telemetry.exporter.serialize_duration', {
    unit: 'ms',
    description: 'How long the last exposition serialization took.',
    tagKeys: ['exporter', 'format'],
    events: ['telemetry.exporter.scrape'],
  }),
  gauge('telemetry.exporter.queue_depth', {
    unit: '{item}',
    description: 'Items waiting in an exporter queue.',
    tagKeys: ['exporter', 'signal'],
  }),
])
