/**
 * The metric side of an OTLP exporter: collect the telemetry's metrics (redacted, or reported
 * when collection fails), and deliver them with the resource, one export at a time.
 */
import type { Attributes } from '@foundation-telemetry/core'
import { snapshotCollector } from '../shared/collectSnapshots.ts'
import type { ExporterTelemetry } from '../shared/exporterTelemetry.ts'
import type { ExportRedaction } from '../shared/exportRedaction.ts'
import { serialized } from '../shared/exportSchedule.ts'
import { type Env, readResourceEnv } from '../shared/otelEnv.ts'
import { countDataPoints, encodeMetricsJson, encodeMetricsProto } from './metricsEncoding.ts'
import type { OtlpDeliver } from './otlpDelivery.ts'
import type { OtlpTarget } from './otlpTarget.ts'

/** Options for {@link createOtlpMetricsExport}. */
export interface OtlpMetricsExportOptions {
  telemetry: ExporterTelemetry
  redaction: ExportRedaction
  /** Where the resource comes from when the telemetry has none. */
  env: Env
  /** Resource attributes over the telemetry's (or the environment's) resource. */
  resource: Attributes | undefined
  temporality: 'cumulative' | 'delta'
  deliver: OtlpDeliver
  target: OtlpTarget
  /** The `exporter` detail of reports. */
  exporter: string
  /** When false, an export does nothing (metrics are not a signal this exporter sends). */
  enabled: boolean
}

/**
 * The metric export: each call collects and delivers, after any export still in flight; nothing
 * is sent when there are no metrics. Resolves when delivered or given up; never rejects.
 *
 * @example
 * const exportMetrics = createOtlpMetricsExport({ telemetry, redaction, env, resource: undefined,
 *   temporality: 'cumulative', deliver, target, exporter: 'otlp', enabled: true })
 * await exportMetrics()
 */
export function createOtlpMetricsExport(options: OtlpMetricsExportOptions): () => Promise<void> {
  if (!options.enabled) return () => Promise.resolve()
  const { telemetry, redaction, env, deliver, target, exporter } = options
  const collect = snapshotCollector(
    { telemetry, redaction, exporter, label: 'OTLP' },
    { temporality: options.temporality, reader: exporter },
  )
  return serialized(async () => {
    const snapshots = collect()
    if (snapshots.length === 0) return
    const resource = { ...(telemetry.resource ?? readResourceEnv(env)), ...options.resource }
    const context = { resource, scope: { name: '@foundation-telemetry/exporters' } }
    await deliver('metrics', target, countDataPoints(snapshots), () =>
      target.json ? encodeMetricsJson(snapshots, context) : encodeMetricsProto(snapshots, context),
    )
  })
}
