/**
 * Every periodic exporter starts an export the same way: collect the telemetry's metric
 * snapshots, redact them for leaving the process, and, when collection throws (a broken metrics
 * engine, a hostile callback gauge), report the failure through the error hook and skip this
 * round instead of throwing into the timer.
 */
import type { CollectOptions, MetricSnapshot } from '@foundation-telemetry/core'
import type { ExporterTelemetry } from './exporterTelemetry.ts'
import { reportExportFailure } from './exporterTelemetry.ts'
import type { ExportRedaction } from './exportRedaction.ts'

/** Where an exporter collects from and how it names itself in a failure report. */
export interface SnapshotSource {
  readonly telemetry: Pick<ExporterTelemetry, 'metrics' | 'reportError'>
  readonly redaction: Pick<ExportRedaction, 'snapshots'>
  /** The `exporter` detail of a report, e.g. `statsd`. */
  readonly exporter: string
  /** The exporter as the message names it, e.g. `StatsD` gives `StatsD metric collection failed`. */
  readonly label: string
}

/**
 * The redacted snapshots of `source.telemetry`, or `undefined` (reported as an export failure)
 * when collecting or redacting throws. Never throws.
 *
 * @example
 * const snapshots = collectOrReport(source, { temporality: 'delta', reader: 'statsd' })
 * if (snapshots === undefined) return
 */
export function collectOrReport(
  source: SnapshotSource,
  options?: CollectOptions,
): MetricSnapshot[] | undefined {
  try {
    return source.redaction.snapshots(source.telemetry.metrics.collect(options))
  } catch (error) {
    reportExportFailure(source.telemetry, `${source.label} metric collection failed`, {
      exporter: source.exporter,
      error,
    })
    return undefined
  }
}

const NONE: readonly MetricSnapshot[] = []

/**
 * {@link collectOrReport} bound to one exporter: each call gives the redacted snapshots, or none
 * when the exporter has no telemetry instance or collecting failed (reported). Never throws.
 *
 * @example
 * const collect = snapshotCollector(
 *   { telemetry, redaction, exporter: 'statsd', label: 'StatsD' },
 *   { temporality: 'delta', reader: 'statsd' },
 * )
 * for (const metric of collect()) writeSnapshot(metric)
 */
export function snapshotCollector(
  source: Omit<SnapshotSource, 'telemetry'> & { readonly telemetry: SnapshotSource['telemetry'] | undefined },
  options?: CollectOptions,
): () => readonly MetricSnapshot[] {
  const { telemetry } = source
  if (!telemetry) return () => NONE
  const bound: SnapshotSource = { ...source, telemetry }
  return () => collectOrReport(bound, options) ?? NONE
}
