/**
 * The JSON-lines exporter: events, spans and metric snapshots as one JSON object per line on a
 * stream or a size-rotated file, with the telemetry instance's redaction applied first.
 */
import type { Writable } from 'node:stream'
import type { Clock, MetricSnapshot, SpanProcessor, Telemetry } from '@foundation-telemetry/core'
import { snapshotCollector } from '../shared/collectSnapshots.ts'
import { createDropReporter, type DropReporter } from '../shared/dropReporter.ts'
import { resolveExporterContext } from '../shared/exporterContext.ts'
import type { ExporterHealth } from '../shared/exporterHealth.ts'
import type { MetricsExporterLifecycle } from '../shared/exporterLifecycle.ts'
import { type ExporterTelemetry, reportDropped, reportExportFailure } from '../shared/exporterTelemetry.ts'
import type { ExportRedaction } from '../shared/exportRedaction.ts'
import { createExportSchedule } from '../shared/exportSchedule.ts'
import { guardFactory } from '../shared/guardFactory.ts'
import { createJsonlOutput, type JsonlOutput } from './jsonlOutput.ts'
import { eventRecord, isoTime, metricRecord, spanRecord } from './jsonlRecords.ts'

/** What the JSONL exporter uses of a telemetry instance. */
export type JsonlTelemetry = ExporterTelemetry & Pick<Telemetry, 'attach' | 'detach'>

/** Options for {@link createJsonlExporter}. Give `path` or `stream`; neither means stdout. */
export interface JsonlExporterOptions {
  telemetry: JsonlTelemetry
  /** Output file (appended to, rotated by size). */
  path?: string
  /** Output stream, when not writing a file. */
  stream?: Writable
  /** Events to record: `'*'`, a prefix pattern, a list, or `false` for none. Defaults to `'*'`. */
  events?: string | readonly string[] | false
  /** Metric snapshot interval in ms; `0` turns it off. Defaults to 0 (call `exportMetrics()`). */
  metricsInterval?: number
  /** Rotate the file before it exceeds this many bytes; `0` never rotates. Defaults to 10 MiB. */
  maxBytes?: number
  /** Files kept when rotating, the active one included. Defaults to 5. */
  maxFiles?: number
  /** Bytes queued while the output is backed up; more lines are dropped and counted. Defaults to 1 MiB. */
  maxBufferBytes?: number
  /** Lines longer than this are dropped and counted. Defaults to 1 MiB. */
  maxLineBytes?: number
  /** Apply `telemetry.redact` to metadata, attributes and tags. Defaults to `true`. */
  redact?: boolean
  /** Defaults to the telemetry's clock. */
  clock?: Clock
}

/**
 * A JSONL exporter. No method throws.
 *
 * - `exportMetrics()`: Write one line per metric (cumulative snapshot) now.
 * - `forceFlush()`: Resolves once everything written so far is in the stream or file.
 * - `shutdown()`: Detach from events, flush, close a file we opened. Idempotent.
 */
export interface JsonlExporter extends MetricsExporterLifecycle {
  /** Pass to `telemetry.addSpanProcessor()` to record spans. */
  readonly spanProcessor: SpanProcessor
}

const EXPORTER = 'jsonl'
let instances = 0

/**
 * Create a JSON-lines exporter.
 *
 * @example
 * const jsonl = createJsonlExporter({ telemetry: t, path: './telemetry.jsonl', maxBytes: 50 * 1024 * 1024 })
 * t.addSpanProcessor(jsonl.spanProcessor)
 * // ... on exit
 * await jsonl.shutdown()
 */
export function createJsonlExporter(options: JsonlExporterOptions): JsonlExporter {
  return guardFactory('jsonl', options, buildJsonlExporter)
}

function buildJsonlExporter(options: JsonlExporterOptions): JsonlExporter {
  const { telemetry } = options
  const { clock, health, redaction } = resolveExporterContext(options, EXPORTER, options.redact ?? true)
  const drops = createDropReporter(telemetry, health, EXPORTER, 'JSONL lines')
  const output = openJsonlOutput(options, { clock, health, drops })
  const detach = attachEvents(telemetry, options.events ?? '*', eventWriter(output, clock, redaction))
  const collect = snapshotCollector(
    { telemetry, redaction, exporter: EXPORTER, label: 'JSONL' },
    { temporality: 'cumulative', reader: EXPORTER },
  )
  const exportMetrics = (): Promise<void> => {
    drops.newEpisode()
    const snapshots = collect()
    writeMetrics(snapshots, isoTime(clock.now()), output)
    return output.flush()
  }
  const schedule = createExportSchedule({
    clock,
    interval: options.metricsInterval ?? 0,
    tick: exportMetrics,
    final: () => closeOutput(detach, output),
  })
  return {
    spanProcessor: spanWriter(output, redaction, telemetry),
    health,
    exportMetrics,
    forceFlush: () => {
      drops.newEpisode()
      return output.flush()
    },
    shutdown: schedule.shutdown,
  }
}

/** The output the options describe, its drops, deliveries and failures counted in `context`. */
function openJsonlOutput(
  options: JsonlExporterOptions,
  context: { clock: Clock; health: ExporterHealth; drops: DropReporter },
): JsonlOutput {
  return createJsonlOutput({
    path: options.path,
    stream: options.stream,
    maxBytes: options.maxBytes ?? 10 * 1_048_576,
    maxFiles: options.maxFiles ?? 5,
    maxBufferBytes: options.maxBufferBytes,
    maxLineBytes: options.maxLineBytes ?? 1_048_576,
    ...context,
    telemetry: options.telemetry,
    exporter: EXPORTER,
  })
}

/** The event handler: each event as one redacted `event` line. */
export function eventWriter(
  output: Pick<JsonlOutput, 'write'>,
  clock: Pick<Clock, 'now'>,
  redaction: Pick<ExportRedaction, 'name' | 'value'>,
): (event: string, measurements: unknown, metadata: unknown) => void {
  return (event, measurements, metadata) =>
    output.write(
      eventRecord(
        clock.now(),
        redaction.name(event),
        redaction.value(measurements),
        redaction.value(metadata),
      ),
      'events',
    )
}

/** The span processor: each ended span as one redacted `span` line; a span that fails to encode is reported. */
export function spanWriter(
  output: Pick<JsonlOutput, 'write' | 'flush'>,
  redaction: Pick<ExportRedaction, 'span'>,
  telemetry: Pick<ExporterTelemetry, 'reportError'>,
): SpanProcessor {
  return {
    onStart() {},
    onEnd(span) {
      try {
        output.write(spanRecord(redaction.span(span)), 'spans')
      } catch (error) {
        reportDropped(telemetry, 'JSONL span could not be recorded', { exporter: EXPORTER, error })
      }
    },
    forceFlush: () => output.flush(),
    shutdown: () => Promise.resolve(),
  }
}

/** One `metric` line per snapshot, all stamped `time`. */
export function writeMetrics(
  snapshots: readonly MetricSnapshot[],
  time: string | null,
  output: Pick<JsonlOutput, 'write'>,
): void {
  for (const metric of snapshots) output.write(metricRecord(metric, time), 'metrics')
}

/** Shutdown's last step: detach from events (best effort), then flush and close the output. */
async function closeOutput(detach: (() => void) | undefined, output: JsonlOutput): Promise<void> {
  try {
    detach?.()
  } catch {
    // Detaching is best effort at shutdown.
  }
  await output.close()
}

/**
 * Attach `handler` to the telemetry's events (durable, so a handler failure does not detach it);
 * `false` attaches nothing. Returns the detach function, or undefined when nothing is attached
 * (a failed attach is reported).
 */
function attachEvents(
  telemetry: JsonlTelemetry,
  events: string | readonly string[] | false,
  handler: (event: string, measurements: unknown, metadata: unknown) => void,
): (() => void) | undefined {
  if (events === false) return undefined
  try {
    return telemetry.attach(
      `@foundation-telemetry/exporters/jsonl#${++instances}`,
      events,
      handler,
      undefined,
      {
        durable: true,
      },
    )
  } catch (error) {
    reportExportFailure(telemetry, 'JSONL exporter could not attach to events', { exporter: EXPORTER, error })
    return undefined
  }
}
