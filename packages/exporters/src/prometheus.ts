/**
 * `@foundation-telemetry/exporters/prometheus`: the Prometheus text 0.0.4 and OpenMetrics 1.0
 * exporter.
 *
 * @example
 * import { createPrometheusExporter } from '@foundation-telemetry/exporters/prometheus'
 * const prom = createPrometheusExporter({ telemetry: t })
 * await prom.listen({ port: 9464 })
 */

export type { PrometheusAuth } from './prometheus/auth.ts'
export type {
  PrometheusExporter,
  PrometheusExporterOptions,
  PrometheusListenOptions,
  PrometheusTelemetry,
} from './prometheus/exporter.ts'
export { createPrometheusExporter, scrapeEventName } from './prometheus/exporter.ts'
export type { RequestHandler } from './prometheus/httpHandler.ts'
export type { PrometheusFamily } from './prometheus/naming.ts'
export { prometheusFamily, sanitizeLabelName, sanitizeMetricName } from './prometheus/naming.ts'
export { negotiateFormat } from './prometheus/negotiate.ts'
export { openMetricsContentType } from './prometheus/openMetrics.ts'
export { scrapeMetricNames } from './prometheus/scrapeHealth.ts'
export type { ExpositionFormat } from './prometheus/serializer.ts'
export type { PrometheusTlsOptions } from './prometheus/server.ts'
export { textContentType } from './prometheus/textFormat.ts'
