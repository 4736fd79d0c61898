/**
 * The JSON-lines exporter: events, spans and metric snapshots as one JSON object per line on a
 * stream or a size-rotated file, with the telemetry instance's redaction applied first.
 */
import type { Writable } from 'node:stream'
import type { Clock, ReadableSpan, SpanProcessor, Telemetry } from '@foundation-telemetry/core'
import { systemClock } from '@foundation-telemetry/core'
import { collectOrReport } from '../shared/collectSnapshots.ts'
import { createDropReporter } from '../shared/dropReporter.ts'
import { createEpisodeReporter } from '../shared/episodeReporter.ts'
import { createExporterHealth, type ExporterSignal } from '../shared/exporterHealth.ts'
import type { ExporterLifecycle } from '../shared/exporterLifecycle.ts'
import { type ExporterTelemetry, reportDropped, reportExportFailure } from '../shared/exporterTelemetry.ts'
import { createExportRedaction } from '../shared/exportRedaction.ts'
import { createExportSchedule } from '../shared/exportSchedule.ts'
import { guardFactory } from '../shared/guardFactory.ts'
import { createLineSink, type LineSink } from '../shared/lineSink.ts'
import { safeStringify } from './jsonRecord.ts'
import { createRotatingFileSink } from './rotatingFileSink.ts'

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

/** A JSONL exporter. No method throws. */
export interface JsonlExporter extends ExporterLifecycle {
  /** Pass to `telemetry.addSpanProcessor()` to record spans. */
  readonly spanProcessor: SpanProcessor
  /** Write one line per metric (cumulative snapshot) now. */
  exportMetrics(): Promise<void>
  /** Resolves once everything written so far is in the stream or file. */
  forceFlush(): Promise<void>
  /** Detach from events, flush, close a file we opened. Idempotent. */
  shutdown(): Promise<void>
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
  const clock = options.clock ?? telemetry.clock ?? systemClock
  const health = createExporterHealth(telemetry, EXPORTER)
  const maxLine = options.maxLineBytes ?? 1_048_576
  const shouldRedact = options.redact ?? true
  const handlerId = `@foundation-telemetry/exporters/jsonl#${++instances}`

  const drops = createDropReporter(telemetry, health, EXPORTER, 'JSONL lines')
  const dropped = drops.dropped
  const outage = createEpisodeReporter()
  const sinkOptions = {
    ...(options.maxBufferBytes !== undefined ? { maxBufferBytes: options.maxBufferBytes } : {}),
    onDrop: (lines: number, reason: 'queue_full' | 'shutdown') => dropped(lines, 'lines', reason),
    onWritten: (lines: number) => {
      outage.rearm()
      health.exported(lines, 'lines')
    },
    // Every failure is counted; one report per run of failures, so a broken stdout cannot flood
    // the error hook. A successful write ends the run.
    onError: (error: unknown) => {
      health.failed(1, 'lines')
      outage.once(() => reportExportFailure(telemetry, 'JSONL output failed', { exporter: EXPORTER, error }))
    },
    clock,
    onDepth: (depth: number) => health.queueDepth(depth, 'lines'),
  }
  const sink: LineSink = options.path
    ? createRotatingFileSink({
        ...sinkOptions,
        path: options.path,
        maxBytes: options.maxBytes ?? 10 * 1_048_576,
        maxFiles: options.maxFiles ?? 5,
      })
    : createLineSink({ ...sinkOptions, stream: options.stream ?? process.stdout })

  let closed = false
  const redaction = createExportRedaction(telemetry, shouldRedact)

  const write = (record: Record<string, unknown>, signal: ExporterSignal) => {
    if (closed) {
      dropped(1, signal, 'shutdown')
      return
    }
    const line = safeStringify(record)
    // A UTF-16 unit is 1 to 3 UTF-8 bytes: measure bytes only when the length cannot decide.
    if (line.length > maxLine || (line.length * 3 > maxLine && Buffer.byteLength(line, 'utf8') > maxLine)) {
      dropped(1, signal, 'oversized')
      return
    }
    sink.write(line)
  }

  const iso = (ms: number) => {
    const date = new Date(ms)
    return Number.isNaN(date.getTime()) ? null : date.toISOString()
  }

  let detach: (() => void) | undefined
  if (options.events !== false) {
    try {
      detach = telemetry.attach(
        handlerId,
        options.events ?? '*',
        (event, measurements, metadata) => {
          write(
            {
              type: 'event',
              time: iso(clock.now()),
              name: redaction.name(event),
              measurements: redaction.value(measurements),
              metadata: redaction.value(metadata),
            },
            'events',
          )
        },
        undefined,
        { durable: true },
      )
    } catch (error) {
      reportExportFailure(telemetry, 'JSONL exporter could not attach to events', {
        exporter: EXPORTER,
        error,
      })
    }
  }

  const spanRecord = (span: ReadableSpan): Record<string, unknown> => ({
    type: 'span',
    time: iso(span.endTime),
    name: span.name,
    kind: span.kind,
    trace_id: span.spanContext.traceId,
    span_id: span.spanContext.spanId,
    parent_span_id: span.parentSpanId ?? null,
    start_time: iso(span.startTime),
    end_time: iso(span.endTime),
    duration_ms: span.duration,
    status: span.status.message ? { code: span.status.code, message: span.status.message } : span.status,
    attributes: span.attributes,
    events: span.events.map((event) => ({
      name: event.name,
      time: iso(event.time),
      attributes: event.attributes,
    })),
    links: span.links.map((link) => ({ trace_id: link.context.traceId, span_id: link.context.spanId })),
    service: span.resource['service.name'] ?? null,
    scope: span.instrumentationScope.name,
  })

  const spanProcessor: SpanProcessor = {
    onStart() {},
    onEnd(span) {
      try {
        write(spanRecord(redaction.span(span)), 'spans')
      } catch (error) {
        reportDropped(telemetry, 'JSONL span could not be recorded', { exporter: EXPORTER, error })
      }
    },
    forceFlush: () => sink.flush(),
    shutdown: () => Promise.resolve(),
  }

  const exportMetrics = (): Promise<void> => {
    drops.newEpisode()
    const snapshots = collectOrReport(
      { telemetry, redaction, exporter: EXPORTER, label: 'JSONL' },
      { temporality: 'cumulative', reader: EXPORTER },
    )
    const time = iso(clock.now())
    for (const metric of snapshots ?? []) {
      write(
        {
          type: 'metric',
          time,
          name: metric.name,
          kind: metric.kind,
          unit: metric.unit,
          temporality: metric.temporality,
          series: metric.series,
        },
        'metrics',
      )
    }
    return sink.flush()
  }

  const schedule = createExportSchedule({
    clock,
    interval: options.metricsInterval ?? 0,
    tick: exportMetrics,
    final: async () => {
      try {
        detach?.()
      } catch {
        // Detaching is best effort at shutdown.
      }
      closed = true
      await sink.close()
    },
  })

  return {
    spanProcessor,
    health,
    exportMetrics,
    forceFlush: () => {
      drops.newEpisode()
      return sink.flush()
    },
    shutdown: schedule.shutdown,
  }
}
