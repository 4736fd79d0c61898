/**
 * `@foundation-telemetry/exporters/jsonl`: events, spans and metrics as JSON lines.
 */
export type { JsonlExporter, JsonlExporterOptions, JsonlTelemetry } from './jsonl/jsonlExporter.ts'
export { createJsonlExporter } from './jsonl/jsonlExporter.ts'
export type { ExporterLifecycle, MetricsExporterLifecycle } from './shared/exporterLifecycle.ts'
