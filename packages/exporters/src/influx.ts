/**
 * `@foundation-telemetry/exporters/influx`: metrics to InfluxDB (v2 write API or v1 `/write`) as
 * line protocol.
 */
export type { InfluxExporter, InfluxExporterOptions } from './influx/influxExporter.ts'
export { createInfluxExporter, influxWriteUrl } from './influx/influxExporter.ts'
export { quantileField, toInfluxPoints } from './influx/influxPoints.ts'
export type { FieldValue, Point } from './influx/lineProtocol.ts'
export { escapeKey, escapeMeasurement, formatPoint, nanoseconds, quoteString } from './influx/lineProtocol.ts'
export type { ExporterLifecycle } from './shared/exporterLifecycle.ts'
