/**
 * The OTLP/HTTP exporter: a span processor that batches finished spans, a log processor that
 * batches log records, and a periodic metric reader, all sending `http/protobuf` or `http/json` (optionally gzipped) with the retry rules
 * of the OTLP specification.
 */
import type {
  Attributes,
  LogProcessor,
  LogRecord,
  ReadableSpan,
  SpanProcessor,
} from '@foundation-telemetry/core'
import { TraceFlags } from '@foundation-telemetry/core'
import type { BatchOptions } from '../shared/batchQueue.ts'
import { snapshotCollector } from '../shared/collectSnapshots.ts'
import type { MetricsExporterLifecycle } from '../shared/exporterLifecycle.ts'
import { createExportSchedule, serialized } from '../shared/exportSchedule.ts'
import { guardFactory } from '../shared/guardFactory.ts'
import { type HttpExporterBaseOptions, resolveHttpExporterContext } from '../shared/httpExporterContext.ts'
import { keepAliveUntil } from '../shared/keepAlive.ts'
import { type Env, readResourceEnv, readTemporalityPreference } from '../shared/otelEnv.ts'
import { encodeLogsJson, encodeLogsProto } from './logEncoding.ts'
import { countDataPoints, encodeMetricsJson, encodeMetricsProto } from './metricsEncoding.ts'
import { createOtlpDelivery } from './otlpDelivery.ts'
import { createOtlpSignalQueue } from './otlpSignalQueue.ts'
import { resolveOtlpTarget } from './otlpTarget.ts'
import { encodeTracesJson, encodeTracesProto } from './traceEncoding.ts'

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

/**
 * An OTLP exporter: add `spanProcessor` to the telemetry instance; metrics export on a timer.
 *
 * - `forceFlush()`: Send every accepted span and a final metric collection.
 * - `shutdown()`: Flush, stop the metric timer and refuse new spans. Idempotent.
 */
export interface OtlpExporter extends MetricsExporterLifecycle {
  /** Pass to `telemetry.addSpanProcessor()`. */
  readonly spanProcessor: SpanProcessor
  /**
   * Pass to `telemetry.addLogProcessor()`: records from `t.log` and the pino and winston bridges,
   * redacted with the telemetry's rules, batched like spans.
   */
  readonly logProcessor: LogProcessor
  /** The resolved endpoints, for logs and the demo's banner. */
  readonly endpoints: Readonly<{ traces: string; metrics: string; logs: string }>
}

const EXPORTER = 'otlp'

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
  const { env, clock, health, policy, redaction } = resolveHttpExporterContext(options, EXPORTER)
  const signals = {
    traces: options.signals?.traces ?? true,
    metrics: options.signals?.metrics ?? true,
    logs: options.signals?.logs ?? true,
  }
  const temporality = options.temporality ?? readTemporalityPreference(env) ?? 'cumulative'
  const traces = resolveOtlpTarget('traces', options, env)
  const metrics = resolveOtlpTarget('metrics', options, env)
  const logs = resolveOtlpTarget('logs', options, env)
  const deliver = createOtlpDelivery({
    telemetry,
    health,
    clock,
    policy,
    exportTimeout: options.exportTimeout ?? 30_000,
    exporter: EXPORTER,
  })
  const queueParts = { batch: options, clock, telemetry, health, deliver, exporter: EXPORTER }
  const queue = createOtlpSignalQueue<ReadableSpan>({
    ...queueParts,
    signal: 'traces',
    target: traces,
    encode: (spans) => {
      const redacted = spans.map(redaction.span)
      return traces.json ? encodeTracesJson(redacted) : encodeTracesProto(redacted)
    },
  })
  const logQueue = createOtlpSignalQueue<LogRecord>({
    ...queueParts,
    signal: 'logs',
    target: logs,
    encode: (records) => (logs.json ? encodeLogsJson(records) : encodeLogsProto(records)),
  })

  const spanProcessor: SpanProcessor = {
    onStart() {},
    onEnd(span) {
      if (signals.traces && (span.spanContext.traceFlags & TraceFlags.SAMPLED) !== 0) queue.add(span)
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

  const collect = snapshotCollector(
    { telemetry, redaction, exporter: EXPORTER, label: 'OTLP' },
    { temporality, reader: EXPORTER },
  )
  const exportMetricsNow = serialized(async () => {
    const snapshots = collect()
    if (snapshots.length === 0) return
    const resource = { ...(telemetry.resource ?? readResourceEnv(env)), ...options.resource }
    const context = { resource, scope: { name: '@foundation-telemetry/exporters' } }
    await deliver('metrics', metrics, countDataPoints(snapshots), () =>
      metrics.json ? encodeMetricsJson(snapshots, context) : encodeMetricsProto(snapshots, context),
    )
  })
  const exportMetrics = (): Promise<void> => (signals.metrics ? exportMetricsNow() : Promise.resolve())

  const schedule = createExportSchedule({
    clock,
    interval: signals.metrics ? metricsInterval(options.metricsInterval, env) : 0,
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

/** The metric export interval: the option, else `OTEL_METRIC_EXPORT_INTERVAL` when positive, else 60 s. */
function metricsInterval(option: number | undefined, env: Env): number {
  if (option !== undefined) return option
  const fromEnv = Number(env.OTEL_METRIC_EXPORT_INTERVAL)
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 60_000
}

function noop(): void {}
