/**
 * The two processors an OTLP exporter hands the telemetry instance: the span processor queues
 * sampled spans, the log processor queues log records redacted with the telemetry's rules. A
 * signal the exporter does not send is taken and ignored.
 */
import type { LogProcessor, LogRecord, ReadableSpan, SpanProcessor } from '@foundation-telemetry/core'
import { TraceFlags } from '@foundation-telemetry/core'
import type { BatchQueue } from '../shared/batchQueue.ts'
import type { ExporterTelemetry } from '../shared/exporterTelemetry.ts'

/**
 * The span processor over `queue`: each sampled span, once ended, when `enabled`.
 *
 * @example
 * telemetry.addSpanProcessor(otlpSpanProcessor(spanQueue, true))
 */
export function otlpSpanProcessor(queue: BatchQueue<ReadableSpan>, enabled: boolean): SpanProcessor {
  return {
    onStart() {},
    onEnd(span) {
      if (enabled && (span.spanContext.traceFlags & TraceFlags.SAMPLED) !== 0) queue.add(span)
    },
    forceFlush: () => queue.flush(),
    shutdown: () => queue.shutdown(),
  }
}

/**
 * The log processor over `queue`: each record, with its body and attributes redacted by
 * `telemetry.redact` (read per record), when `enabled`.
 *
 * @example
 * telemetry.addLogProcessor(otlpLogProcessor(logQueue, telemetry, true))
 */
export function otlpLogProcessor(
  queue: BatchQueue<LogRecord>,
  telemetry: Partial<Pick<ExporterTelemetry, 'redact'>>,
  enabled: boolean,
): LogProcessor {
  return {
    onEmit(record) {
      if (!enabled) return
      // Log bodies and attributes leave the process here: redact them like everything else.
      const redact = telemetry.redact
      queue.add(
        redact === undefined
          ? record
          : { ...record, body: redact(record.body), attributes: redact(record.attributes) },
      )
    },
    forceFlush: () => queue.flush(),
    shutdown: () => queue.shutdown(),
  }
}
