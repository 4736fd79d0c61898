/**
 * `@foundation-telemetry/exporters/statsd`: StatsD and DogStatsD over UDP.
 */

export type { ExporterLifecycle } from './shared/exporterLifecycle.ts'
export type { StatsdExporter, StatsdExporterOptions, StatsdTags } from './statsd/statsdExporter.ts'
export { createStatsdExporter } from './statsd/statsdExporter.ts'
export type { StatsdDialect, StatsdType } from './statsd/statsdLine.ts'
export { formatLine, formatTags, sanitizeName } from './statsd/statsdLine.ts'
