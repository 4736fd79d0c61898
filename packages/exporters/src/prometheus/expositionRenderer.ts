/**
 * One scrape's body: collect the telemetry instance's metrics (cumulative), redact them as they
 * leave the process, serialize, and record the exporter's health. Never throws: a failure is
 * reported and answered with an empty exposition.
 */
import type { Attributes, Telemetry } from '@foundation-telemetry/core'
import { createExportRedaction } from '../shared/exportRedaction.ts'
import type { RenderResult } from './httpHandler.ts'
import { OPEN_METRICS_EOF } from './openMetrics.ts'
import type { ScrapeHealth } from './scrapeHealth.ts'
import { createScrapeRedaction } from './scrapeRedaction.ts'
import { createPrometheusSerializer, type ExpositionFormat, type SerializeInput } from './serializer.ts'

/** Serializes the current metrics, synchronously or in chunks. */
export interface ExpositionRenderer {
  /** The whole exposition at once. */
  serialize(format: ExpositionFormat): string
  /** The exposition, yielding to the event loop between chunks. */
  render(format: ExpositionFormat): Promise<RenderResult>
}

/** What the renderer reads and where it reports. */
export interface ExpositionRendererOptions {
  telemetry: Pick<Telemetry, 'metrics' | 'resource'> & Partial<Pick<Telemetry, 'redact'>>
  /** Expose the resource as `target_info`. */
  targetInfo: boolean
  /** About how many sample lines are written between two yields in `render`. */
  chunkLines: number
  health: ScrapeHealth
  /** Called with what went wrong; must not throw. */
  report(message: string, cause: unknown, details?: Record<string, unknown>): void
}

const NO_RESOURCE: Readonly<Attributes> = Object.freeze({})

/** The exposition of a format with no metrics in it. */
function emptyExposition(format: ExpositionFormat): string {
  return format === 'openmetrics' ? OPEN_METRICS_EOF : ''
}

/** A renderer with its own serializer (and so its own label memory). */
export function createExpositionRenderer(options: ExpositionRendererOptions): ExpositionRenderer {
  const { telemetry, targetInfo, chunkLines, health, report } = options
  const redaction = createExportRedaction(telemetry)
  // Without a redaction policy the shared redaction passes everything on; no memory needed.
  const redact =
    typeof telemetry.redact === 'function' ? createScrapeRedaction(redaction) : redaction.snapshots
  const serializer = createPrometheusSerializer()

  const input = (format: ExpositionFormat): { input: SerializeInput; series: number } => {
    const snapshots = redact(telemetry.metrics.collect({ temporality: 'cumulative' }))
    let series = 0
    for (const snapshot of snapshots) series += snapshot.series.length
    return {
      series,
      input: {
        snapshots,
        resource: targetInfo ? telemetry.resource : NO_RESOURCE,
        format,
        onDuplicate: (name, metric) =>
          report(`Prometheus name ${name} of ${metric} is already taken; family skipped`, undefined, {
            metric,
            prometheus_name: name,
          }),
      },
    }
  }

  const failed = (format: ExpositionFormat, error: unknown): RenderResult => {
    health.failed()
    report('Prometheus serialization failed', error, { format })
    return { ok: false, body: emptyExposition(format), series: 0 }
  }

  // Durations use real elapsed time on purpose: an injected (possibly manual) clock would not
  // show serialization work. On the chunked path they include the yields between chunks.
  return {
    serialize(format) {
      const started = performance.now()
      try {
        const { input: data, series } = input(format)
        const body = serializer.serialize(data)
        health.serialized(series, format, performance.now() - started)
        return body
      } catch (error) {
        return failed(format, error).body
      }
    },
    async render(format) {
      const started = performance.now()
      try {
        const { input: data, series } = input(format)
        const body = await serializer.serializeAsync(data, chunkLines)
        health.serialized(series, format, performance.now() - started)
        return { ok: true, body, series }
      } catch (error) {
        return failed(format, error)
      }
    },
  }
}
