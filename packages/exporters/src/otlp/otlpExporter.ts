/**
 * The OTLP/HTTP exporter: a span processor that batches finished spans, a log processor that
 * batches log records, and a periodic metric reader, all sending `http/protobuf` or `http/json` (optionally gzipped) with the retry rules
 * of the OTLP specification.
 */
import { promisify } from 'node:util'
import { gzip as gzipCallback } from 'node:zlib'
import type {
  Attributes,
  LogProcessor,
  LogRecord,
  ReadableSpan,
  SpanProcessor,
} from '@foundation-telemetry/core'
import { TraceFlags } from '@foundation-telemetry/core'
import { type BatchOptions, type BatchQueue, createBatchQueue } from '../shared/batchQueue.ts'
import { collectOrReport } from '../shared/collectSnapshots.ts'
import { createEpisodeReporter } from '../shared/episodeReporter.ts'
import type { ExporterSignal } from '../shared/exporterHealth.ts'
import type { ExporterLifecycle } from '../shared/exporterLifecycle.ts'
import { emitExporterEvent, reportDropped, reportExportFailure } from '../shared/exporterTelemetry.ts'
import { createExportRedaction } from '../shared/exportRedaction.ts'
import { createExportSchedule } from '../shared/exportSchedule.ts'
import { guardFactory } from '../shared/guardFactory.ts'
import { type HttpExporterBaseOptions, resolveHttpExporterContext } from '../shared/httpExporterContext.ts'
import { keepAliveUntil } from '../shared/keepAlive.ts'
import {
  type OtlpSignal,
  readOtlpEnv,
  readResourceEnv,
  readTemporalityPreference,
  signalUrl,
} from '../shared/otelEnv.ts'
import { sendFailureDetails, sendWithRetry } from '../shared/sendWithRetry.ts'
import { encodeLogsJson, encodeLogsProto } from './logEncoding.ts'
import { countDataPoints, encodeMetricsJson, encodeMetricsProto } from './metricsEncoding.ts'
import { parsePartialSuccess } from './partialSuccess.ts'
import { encodeTracesJson, encodeTracesProto } from './traceEncoding.ts'

const gzip = promisify(gzipCallback)

/** Options for {@link createOtlpExporter}. Every option wins over its `OTEL_*` variable. */
export interface OtlpExporterOptions extends BatchOptions, HttpExporterBaseOptions {
  /**
   * Base URL; `/v1/traces` and `/v1/metrics` are appended. Defaults to `OTEL_EXPORTER_OTLP_ENDPOINT`,
   * else `http://localhost:4318`.
   */
  endpoint?: string
  /** Full traces URL, used as is. Defaults to `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`. */
  tracesEndpoint?: string
  /** Full metrics URL, used as is. Defaults to `OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`. */
  metricsEndpoint?: string
  /** Full logs URL, used as is. Defaults to `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`. */
  logsEndpoint?: string
  /** Wire encoding. Defaults to `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/protobuf`. */
  protocol?: 'http/protobuf' | 'http/json'
  /** Extra request headers (merged over `OTEL_EXPORTER_OTLP_HEADERS`). */
  headers?: Record<string, string>
  /** `gzip` or `none`. Defaults to `OTEL_EXPORTER_OTLP_COMPRESSION`, else `none`. */
  compression?: 'gzip' | 'none'
  /** Per-request timeout in ms. Defaults to `OTEL_EXPORTER_OTLP_TIMEOUT`, else 10 000 (10 s). */
  timeout?: number
  /** Deadline for one batch including retries, in ms. Defaults to 30 000 (30 s). */
  exportTimeout?: number
  /**
   * Interval of the periodic metric export, in ms; `0` turns it off (call `exportMetrics()` yourself).
   * Defaults to `OTEL_METRIC_EXPORT_INTERVAL`, else 60 000 (60 s).
   */
  metricsInterval?: number
  /**
   * Metric temporality. Defaults to `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`, else `cumulative`.
   */
  temporality?: 'cumulative' | 'delta'
  /** Which signals to export. Defaults to all three. */
  signals?: { traces?: boolean; metrics?: boolean; logs?: boolean }
  /** Resource attributes for metrics, over the telemetry's resource. Defaults to none. */
  resource?: Attributes
}

/** An OTLP exporter: add `spanProcessor` to the telemetry instance; metrics export on a timer. */
export interface OtlpExporter extends ExporterLifecycle {
  /** Pass to `telemetry.addSpanProcessor()`. */
  readonly spanProcessor: SpanProcessor
  /**
   * Pass to `telemetry.addLogProcessor()`: records from `t.log` and the pino and winston bridges,
   * redacted with the telemetry's rules, batched like spans.
   */
  readonly logProcessor: LogProcessor
  /** The resolved endpoints, for logs and the demo's banner. */
  readonly endpoints: Readonly<{ traces: string; metrics: string; logs: string }>
  /** Collect and send metrics now. Resolves when delivered or given up; never rejects. */
  exportMetrics(): Promise<void>
  /** Send every accepted span and a final metric collection. */
  forceFlush(): Promise<void>
  /** Flush, stop the metric timer and refuse new spans. Idempotent. */
  shutdown(): Promise<void>
}

const EXPORTER = 'otlp'
const DEFAULT_ENDPOINT = 'http://localhost:4318'

/**
 * Create an OTLP/HTTP exporter for traces and metrics.
 *
 * @example
 * const t = createTelemetry({ service: 'checkout' })
 * const otlp = createOtlpExporter({ telemetry: t, endpoint: 'http://127.0.0.1:4318' })
 * t.addSpanProcessor(otlp.spanProcessor)
 * // ... on exit
 * await otlp.shutdown()
 */
export function createOtlpExporter(options: OtlpExporterOptions): OtlpExporter {
  return guardFactory('otlp', options, buildOtlpExporter)
}

function buildOtlpExporter(options: OtlpExporterOptions): OtlpExporter {
  const { telemetry } = options
  const { env, clock, health, policy } = resolveHttpExporterContext(options, EXPORTER)
  const exportTimeout = options.exportTimeout ?? 30_000
  const signals = {
    traces: options.signals?.traces ?? true,
    metrics: options.signals?.metrics ?? true,
    logs: options.signals?.logs ?? true,
  }
  const temporality = options.temporality ?? readTemporalityPreference(env) ?? 'cumulative'
  const redaction = createExportRedaction(telemetry)
  const source = { telemetry, redaction, exporter: EXPORTER, label: 'OTLP' }

  const settings = (signal: OtlpSignal) => {
    const fromEnv = readOtlpEnv(signal, env)
    const specific =
      signal === 'traces'
        ? options.tracesEndpoint
        : signal === 'metrics'
          ? options.metricsEndpoint
          : options.logsEndpoint
    const url =
      specific ??
      (options.endpoint ? signalUrl(options.endpoint, signal) : undefined) ??
      fromEnv.endpoint ??
      signalUrl(DEFAULT_ENDPOINT, signal)
    const protocol = options.protocol ?? fromEnv.protocol ?? 'http/protobuf'
    const compression = options.compression ?? fromEnv.compression ?? 'none'
    const headers: Record<string, string> = {
      ...fromEnv.headers,
      ...options.headers,
      'Content-Type': protocol === 'http/json' ? 'application/json' : 'application/x-protobuf',
      'User-Agent': 'foundation-telemetry-otlp',
    }
    if (compression === 'gzip') headers['Content-Encoding'] = 'gzip'
    return {
      url,
      json: protocol === 'http/json',
      gzip: compression === 'gzip',
      headers,
      timeout: options.timeout ?? fromEnv.timeout ?? 10_000,
    }
  }
  const traces = settings('traces')
  const metrics = settings('metrics')
  const logs = settings('logs')
  const healthSignals: Readonly<Record<OtlpSignal, ExporterSignal>> = {
    traces: 'spans',
    metrics: 'metrics',
    logs: 'logs',
  }

  const deliver = async (
    signal: OtlpSignal,
    target: typeof traces,
    items: number,
    encode: () => Uint8Array,
  ): Promise<void> => {
    const healthSignal = healthSignals[signal]
    let body: Uint8Array
    try {
      body = encode()
      if (target.gzip) body = await gzip(body)
    } catch (error) {
      health.dropped(items, healthSignal, 'encode_error')
      reportDropped(telemetry, `OTLP ${signal} batch could not be encoded`, {
        exporter: EXPORTER,
        signal,
        items,
        error,
      })
      return
    }
    const outcome = await sendWithRetry({
      url: target.url,
      headers: target.headers,
      body,
      clock,
      timeout: target.timeout,
      exportTimeout,
      policy,
      onRetry: (info) =>
        emitExporterEvent(
          telemetry,
          'telemetry.exporter.retry',
          { attempt: info.attempt, delay: info.delay },
          { exporter: EXPORTER, signal, status: info.status, retry_after: info.retryAfter },
        ),
    })
    if (!outcome.ok) {
      health.failed(items, healthSignal)
      reportExportFailure(telemetry, `OTLP ${signal} export failed: ${outcome.message}`, {
        exporter: EXPORTER,
        signal,
        items,
        ...sendFailureDetails(outcome),
      })
      return
    }
    const partial = parsePartialSuccess(outcome.response.body, target.json)
    const rejected = Math.min(items, partial?.rejected ?? 0)
    health.exported(items - rejected, healthSignal)
    if (partial) {
      health.dropped(rejected, healthSignal, 'rejected')
      reportExportFailure(telemetry, `OTLP receiver rejected ${rejected} of ${items} ${healthSignal}`, {
        exporter: EXPORTER,
        signal,
        items,
        rejected,
        receiver_message: partial.message,
      })
    }
  }

  /** A batch queue for one signal: overflow reported once per episode, depth as a health gauge. */
  function signalQueue<TItem>(
    signal: 'traces' | 'logs',
    encode: (items: TItem[]) => Uint8Array,
  ): BatchQueue<TItem> {
    const healthSignal = healthSignals[signal]
    const target = signal === 'traces' ? traces : logs
    const overflow = createEpisodeReporter()
    return createBatchQueue<TItem>(options, {
      clock,
      exportBatch: (items) => deliver(signal, target, items.length, () => encode(items)),
      onDrop: (count, reason) => {
        health.dropped(count, healthSignal, reason)
        // One report per overflow episode: a full queue under load must not flood the error hook.
        overflow.once(() =>
          reportDropped(
            telemetry,
            `OTLP ${healthSignal.slice(0, -1)} queue ${reason === 'shutdown' ? 'is shut down' : 'is full'}`,
            { exporter: EXPORTER, signal, reason },
          ),
        )
      },
      onDepth: (depth) => {
        if (depth === 0) overflow.rearm()
        health.queueDepth(depth, healthSignal)
      },
    })
  }

  const queue = signalQueue<ReadableSpan>('traces', (spans) => {
    const redacted = spans.map(redaction.span)
    return traces.json ? encodeTracesJson(redacted) : encodeTracesProto(redacted)
  })
  const logQueue = signalQueue<LogRecord>('logs', (records) =>
    logs.json ? encodeLogsJson(records) : encodeLogsProto(records),
  )

  const spanProcessor: SpanProcessor = {
    onStart() {},
    onEnd(span) {
      if (!signals.traces) return
      if ((span.spanContext.traceFlags & TraceFlags.SAMPLED) === 0) return
      queue.add(span)
    },
    forceFlush: () => queue.flush(),
    shutdown: () => queue.shutdown(),
  }

  const logProcessor: LogProcessor = {
    onEmit(record) {
      if (!signals.logs) return
      // Log bodies and attributes leave the process here: redact them like everything else.
      const redact = telemetry.redact
      logQueue.add(
        redact === undefined
          ? record
          : { ...record, body: redact(record.body), attributes: redact(record.attributes) },
      )
    },
    forceFlush: () => logQueue.flush(),
    shutdown: () => logQueue.shutdown(),
  }

  const metricsResource = (): Attributes => {
    const base: Attributes = telemetry.resource ? { ...telemetry.resource } : { ...readResourceEnv(env) }
    return { ...base, ...options.resource }
  }

  let metricsChain: Promise<void> = Promise.resolve()
  const exportMetrics = (): Promise<void> => {
    if (!signals.metrics) return Promise.resolve()
    metricsChain = metricsChain.then(async () => {
      const snapshots = collectOrReport(source, { temporality, reader: EXPORTER })
      if (snapshots === undefined || snapshots.length === 0) return
      const context = { resource: metricsResource(), scope: { name: '@foundation-telemetry/exporters' } }
      await deliver('metrics', metrics, countDataPoints(snapshots), () =>
        metrics.json ? encodeMetricsJson(snapshots, context) : encodeMetricsProto(snapshots, context),
      )
    })
    return metricsChain
  }

  const intervalFromEnv = Number(env.OTEL_METRIC_EXPORT_INTERVAL)
  const interval =
    options.metricsInterval ??
    (Number.isFinite(intervalFromEnv) && intervalFromEnv > 0 ? intervalFromEnv : 60_000)
  const schedule = createExportSchedule({
    clock,
    interval: signals.metrics ? interval : 0,
    tick: exportMetrics,
    final: async () => {
      await Promise.all([queue.shutdown(), logQueue.shutdown(), exportMetrics()])
    },
  })

  return {
    spanProcessor,
    logProcessor,
    endpoints: { traces: traces.url, metrics: metrics.url, logs: logs.url },
    health,
    exportMetrics,
    forceFlush: () =>
      keepAliveUntil(Promise.all([queue.flush(), logQueue.flush(), exportMetrics()]).then(noop)),
    shutdown: schedule.shutdown,
  }
}

function noop(): void {}
