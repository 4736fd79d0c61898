/**
 * The HTTP metric exporters that post whole batches (Datadog series, InfluxDB lines) run the same
 * export round: unless the exporter cannot send (no credential, no URL), collect the redacted
 * snapshots (a failed collection is reported and skips the round), turn them into items and post
 * those in batches. Rounds never overlap, and run on the exporter's interval and once more at
 * shutdown.
 */
import type { CollectOptions, MetricSnapshot } from '@foundation-telemetry/core'
import { snapshotCollector } from './collectSnapshots.ts'
import type { ExporterTelemetry } from './exporterTelemetry.ts'
import { createExportSchedule, serialized } from './exportSchedule.ts'
import type { HttpExporterContext } from './httpExporterContext.ts'
import { type BatchPosterOptions, createBatchPoster } from './postBatch.ts'

/** How one exporter collects, converts and posts its metrics. */
export interface BatchMetricsExportOptions<TItem> extends BatchPosterOptions {
  readonly telemetry: Pick<ExporterTelemetry, 'metrics' | 'reportError'>
  /** The exporter's clock, health, redaction and retry policy. */
  readonly context: Pick<HttpExporterContext, 'health' | 'clock' | 'policy' | 'redaction'>
  /** Milliseconds between rounds; `0` runs no timer. */
  readonly interval: number
  /** Items per request. */
  readonly perRequest: number
  /** Temporality and reader of the collection; omitted, the metrics engine's defaults. */
  readonly collect?: CollectOptions
  /** Asked first in every round; `false` skips the round (the exporter reports why). Defaults to ready. */
  readonly ready?: () => boolean
  /** The snapshots as the items to post. */
  readonly toItems: (snapshots: readonly MetricSnapshot[]) => TItem[]
  /** The request body of one batch. */
  readonly body: (batch: TItem[]) => string
}

/** The export rounds of one batch-posting exporter. */
export interface BatchMetricsExport {
  /** One round now, after any round in flight. Resolves when delivered or given up; never rejects. */
  exportMetrics(): Promise<void>
  /** Stop the timer, then one last round. Idempotent. */
  shutdown(): Promise<void>
}

/**
 * Start the export rounds of one batch-posting HTTP exporter.
 *
 * @example
 * const { exportMetrics, shutdown } = createBatchMetricsExport({ telemetry, context, exporter: 'influx',
 *   label: 'Influx', action: 'write', itemsKey: 'lines', url, headers, secret: token, request: options,
 *   interval: 10_000, perRequest: 5000, toItems: toLines, body: (batch) => `${batch.join('\n')}\n` })
 */
export function createBatchMetricsExport<TItem>(
  options: BatchMetricsExportOptions<TItem>,
): BatchMetricsExport {
  const { telemetry, context, ready, toItems, body, perRequest } = options
  const poster = createBatchPoster(options)
  const collect = snapshotCollector(
    { telemetry, redaction: context.redaction, exporter: options.exporter, label: options.label },
    options.collect,
  )
  const exportMetrics = serialized(async () => {
    if (ready !== undefined && !ready()) return
    const snapshots = collect()
    // Nothing collected (or a failed collection, already reported): nothing to post.
    if (snapshots.length === 0) return
    await poster.postAll(toItems(snapshots), perRequest, body)
  })
  const schedule = createExportSchedule({
    clock: context.clock,
    interval: options.interval,
    tick: exportMetrics,
    final: exportMetrics,
  })
  return { exportMetrics, shutdown: schedule.shutdown }
}
