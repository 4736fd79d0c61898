/**
 * Delivering one encoded OTLP batch: encode (and gzip) it, send it with the specification's
 * retry rules, then count what the receiver took. An encoding failure drops the batch; a failed
 * send counts it failed; a partial success counts the rejected items dropped, reports the
 * receiver's message and is not retried (the specification makes it final).
 */
import { promisify } from 'node:util'
import { gzip as gzipCallback } from 'node:zlib'
import type { Clock } from '@foundation-telemetry/core'
import type { ExporterHealth, ExporterSignal } from '../shared/exporterHealth.ts'
import {
  type ExporterTelemetry,
  emitExporterEvent,
  reportDropped,
  reportExportFailure,
} from '../shared/exporterTelemetry.ts'
import type { OtlpSignal } from '../shared/otelEnv.ts'
import type { RetryPolicy } from '../shared/retry.ts'
import { sendFailureDetails, sendWithRetry } from '../shared/sendWithRetry.ts'
import type { OtlpTarget } from './otlpTarget.ts'
import { parsePartialSuccess } from './partialSuccess.ts'

const gzip = promisify(gzipCallback)

/** What each OTLP signal counts in the exporter's health. */
export const otlpHealthSignals: Readonly<Record<OtlpSignal, ExporterSignal>> = {
  traces: 'spans',
  metrics: 'metrics',
  logs: 'logs',
}

/** Options for {@link createOtlpDelivery}. */
export interface OtlpDeliveryOptions {
  telemetry: Pick<ExporterTelemetry, 'reportError' | 'execute'>
  health: ExporterHealth
  clock: Clock
  policy: RetryPolicy
  /** Deadline for one batch including retries, ms. */
  exportTimeout: number
  /** The `exporter` detail of reports and events. */
  exporter: string
}

/** Delivers batches; resolves when delivered or given up and never rejects. */
export type OtlpDeliver = (
  signal: OtlpSignal,
  target: OtlpTarget,
  items: number,
  encode: () => Uint8Array,
) => Promise<void>

/**
 * Create the delivery of one OTLP exporter.
 *
 * @example
 * const deliver = createOtlpDelivery({ telemetry, health, clock, policy, exportTimeout: 30_000, exporter: 'otlp' })
 * await deliver('traces', target, spans.length, () => encodeTracesProto(spans))
 */
export function createOtlpDelivery(options: OtlpDeliveryOptions): OtlpDeliver {
  const { telemetry, health, clock, policy, exportTimeout, exporter } = options
  return async (signal, target, items, encode) => {
    const healthSignal = otlpHealthSignals[signal]
    let body: Uint8Array
    try {
      body = encode()
      if (target.gzip) body = await gzip(body)
    } catch (error) {
      health.dropped(items, healthSignal, 'encode_error')
      reportDropped(telemetry, `OTLP ${signal} batch could not be encoded`, {
        exporter,
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
          { exporter, signal, status: info.status, retry_after: info.retryAfter },
        ),
    })
    if (!outcome.ok) {
      health.failed(items, healthSignal)
      reportExportFailure(telemetry, `OTLP ${signal} export failed: ${outcome.message}`, {
        exporter,
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
        exporter,
        signal,
        items,
        rejected,
        receiver_message: partial.message,
      })
    }
  }
}
