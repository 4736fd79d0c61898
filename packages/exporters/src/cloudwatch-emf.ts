/**
 * `@foundation-telemetry/exporters/cloudwatch-emf`: CloudWatch Embedded Metric Format lines.
 */
export type { EmfExporter, EmfExporterOptions } from './emf/emfExporter.ts'
export { createEmfExporter } from './emf/emfExporter.ts'
export type { EmfLinesInput, EmfMetric, EmfUnit } from './emf/emfFormat.ts'
export {
  EMF_MAX_DIMENSIONS,
  EMF_MAX_EVENT_BYTES,
  EMF_MAX_METRICS,
  EMF_MAX_VALUES,
  emfLines,
  toEmfUnit,
} from './emf/emfFormat.ts'
export type { ExporterLifecycle } from './shared/exporterLifecycle.ts'
