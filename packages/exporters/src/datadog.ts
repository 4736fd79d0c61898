/**
 * `@foundation-telemetry/exporters/datadog`: metrics to the Datadog v1 series API.
 */
export type { DatadogExporter, DatadogExporterOptions } from './datadog/datadogExporter.ts'
export { createDatadogExporter } from './datadog/datadogExporter.ts'
export type { DatadogSeries } from './datadog/datadogSeries.ts'
export { datadogMetricName, toDatadogSeries } from './datadog/datadogSeries.ts'
export type { ExporterLifecycle, MetricsExporterLifecycle } from './shared/exporterLifecycle.ts'
