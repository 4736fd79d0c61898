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
import type { BatchOptions, BatchQueue } from '../shared/batchQueue.ts'
import type { MetricsExporterLifecycle } from '../shared/exporterLifecycle.ts'
import type { ExportRedaction } from '../shared/exportRedaction.ts'
import { createExportSchedule } from '../shared/exportSchedule.ts'
import { guardFactory } from '../shared/guardFactory.ts'
import { type HttpExporterBaseOptions, resolveHttpExporterContext } from '../shared/httpExporterContext.ts'
import { keepAliveUntil } from '../shared/keepAlive.ts'
import { type Env, readTemporalityPreference } from '../shared/otelEnv.ts'
import { encodeLogsJson, encodeLogsProto } from './logEncoding.ts'
import { createOtlpDelivery } from './otlpDelivery.ts'
import { createOtlpMetricsExport } from './otlpMetricsExport.ts'
import { otlpLogProcessor, otlpSpanProcessor } from './otlpProcessors.ts'
import { createOtlpSignalQueue, type OtlpSignalQueueOptions } from './otlpSignalQueue.ts'
import { type OtlpTarget, resolveOtlpTarget } from './otlpTarget.ts'
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
  const signals = enabledSignals(options.signals)
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
  const { spanQueue, logQueue } = signalQueues(queueParts, redaction, traces, logs)
  const exportMetrics = createOtlpMetricsExport({
    telemetry,
    redaction,
    env,
    resource: options.resource,
    temporality: options.temporality ?? readTemporalityPreference(env) ?? 'cumulative',
    deliver,
    target: metrics,
    exporter: EXPORTER,
    enabled: signals.metrics,
  })
  const schedule = createExportSchedule({
    clock,
    interval: signals.metrics ? metricsInterval(options.metricsInterval, env) : 0,
    tick: exportMetrics,
    final: async () => {
      await Promise.all([spanQueue.shutdown(), logQueue.shutdown(), exportMetrics()])
    },
  })
  return {
    spanProcessor: otlpSpanProcessor(spanQueue, signals.traces),
    logProcessor: otlpLogProcessor(logQueue, telemetry, signals.logs),
    endpoints: { traces: traces.url, metrics: metrics.url, logs: logs.url },
    health,
    exportMetrics,
    forceFlush: () =>
      keepAliveUntil(Promise.all([spanQueue.flush(), logQueue.flush(), exportMetrics()]).then(noop)),
    shutdown: schedule.shutdown,
  }
}

/** The queues of the pushed signals: spans (redacted as they are encoded) and log records. */
function signalQueues(
  parts: Omit<OtlpSignalQueueOptions<unknown>, 'signal' | 'target' | 'encode'>,
  redaction: ExportRedaction,
  traces: OtlpTarget,
  logs: OtlpTarget,
): { spanQueue: BatchQueue<ReadableSpan>; logQueue: BatchQueue<LogRecord> } {
  const spanQueue = createOtlpSignalQueue<ReadableSpan>({
    ...parts,
    signal: 'traces',
    target: traces,
    encode: (spans) => {
      const redacted = spans.map(redaction.span)
      return traces.json ? encodeTracesJson(redacted) : encodeTracesProto(redacted)
    },
  })
  const logQueue = createOtlpSignalQueue<LogRecord>({
    ...parts,
    signal: 'logs',
    target: logs,
    encode: (records) => (logs.json ? encodeLogsJson(records) : encodeLogsProto(records)),
  })
  return { spanQueue, logQueue }
}

/** The signals to export: each one the `signals` option does not turn off. */
function enabledSignals(
  signals: OtlpExporterOptions['signals'],
): Required<NonNullable<OtlpExporterOptions['signals']>> {
  return {
    traces: signals?.traces ?? true,
    metrics: signals?.metrics ?? true,
    logs: signals?.logs ?? true,
  }
}

/** The metric export interval: the option, else `OTEL_METRIC_EXPORT_INTERVAL` when positive, else 60 s. */
function metricsInterval(option: number | undefined, env: Env): number {
  if (option !== undefined) return option
  const fromEnv = Number(env.OTEL_METRIC_EXPORT_INTERVAL)
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 60_000
}

function noop(): void {}
