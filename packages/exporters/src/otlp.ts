/**
 * `@foundation-telemetry/exporters/otlp`: traces, metrics and logs over OTLP/HTTP.
 */

export type { JsonLogRecord, JsonLogsRequest } from './otlp/logEncoding.ts'
export { encodeLogsJson, encodeLogsProto, toJsonLogsRequest } from './otlp/logEncoding.ts'
export type { JsonMetricsRequest } from './otlp/metricsEncoding.ts'
export { encodeMetricsJson, encodeMetricsProto, toJsonMetricsRequest } from './otlp/metricsEncoding.ts'
export type { OtlpExporter, OtlpExporterOptions } from './otlp/otlpExporter.ts'
export { createOtlpExporter } from './otlp/otlpExporter.ts'
export type { JsonTraceRequest } from './otlp/traceEncoding.ts'
export { encodeTracesJson, encodeTracesProto, toJsonTraceRequest } from './otlp/traceEncoding.ts'
export type { ExporterHealth } from './shared/exporterHealth.ts'
export { exporterHealthMetricNames } from './shared/exporterHealth.ts'
export type { ExporterLifecycle, MetricsExporterLifecycle } from './shared/exporterLifecycle.ts'
export type { RetryOptions } from './shared/retry.ts'
