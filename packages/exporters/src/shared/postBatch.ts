/**
 * The HTTP metric exporters that post whole batches (Datadog series, InfluxDB lines) deliver
 * each one the same way: optionally gzip the body, send it with the retry rules, count the items
 * exported or failed, and report a failure with the credential scrubbed from the message.
 */
import { promisify } from 'node:util'
import { gzip as gzipCallback } from 'node:zlib'
import type { Clock } from '@foundation-telemetry/core'
import type { ExporterHealth } from './exporterHealth.ts'
import { type ExporterTelemetry, reportExportFailure } from './exporterTelemetry.ts'
import type { RetryPolicy } from './retry.ts'
import { sendFailureDetails, sendWithRetry } from './sendWithRetry.ts'

const gzip = promisify(gzipCallback)

/** How one exporter posts its batches. */
export interface BatchPosterOptions {
  readonly telemetry: Pick<ExporterTelemetry, 'reportError'>
  readonly health: ExporterHealth
  /** The `exporter` detail of a report, e.g. `datadog`. */
  readonly exporter: string
  /** The exporter as messages name it, e.g. `Datadog`. */
  readonly label: string
  /** What a failed delivery is called: `export` gives `Datadog export failed: HTTP 403`. */
  readonly action: string
  /** The detail key that carries the batch size in a failure report, e.g. `series` or `lines`. */
  readonly itemsKey: string
  readonly url: string
  /** Request headers; `Content-Encoding: gzip` is added when compressing. */
  readonly headers: Readonly<Record<string, string>>
  /** Gzip request bodies. */
  readonly compress: boolean
  /** A credential that must never appear in a reported message (an echoing server may quote it). */
  readonly secret?: string | undefined
  readonly clock: Clock
  readonly policy: RetryPolicy
  /** Per-request timeout, ms. */
  readonly timeout: number
  /** Deadline per batch including retries, ms. */
  readonly exportTimeout: number
}

/** Posts one batch at a time. */
export interface BatchPoster {
  /** Deliver `body` (a batch of `items` metric items); resolves when delivered or given up, never rejects. */
  post(body: string, items: number): Promise<void>
}

/**
 * Create the batch poster of one HTTP exporter.
 *
 * @example
 * const poster = createBatchPoster({ telemetry, health, exporter: 'influx', label: 'Influx', action: 'write',
 *   itemsKey: 'lines', url, headers, compress: true, secret: token, clock, policy, timeout: 10_000, exportTimeout: 30_000 })
 * await poster.post(lines.join('\n'), lines.length)
 */
export function createBatchPoster(options: BatchPosterOptions): BatchPoster {
  const { telemetry, health, exporter, secret } = options
  const headers = options.compress ? { ...options.headers, 'Content-Encoding': 'gzip' } : options.headers
  const scrub = (text: string) => (secret ? text.split(secret).join('[REDACTED]') : text)
  return {
    async post(text, items) {
      let body: Uint8Array = Buffer.from(text, 'utf8')
      try {
        if (options.compress) body = await gzip(body)
      } catch (error) {
        health.failed(items, 'metrics')
        reportExportFailure(telemetry, `${options.label} payload could not be compressed`, {
          exporter,
          error,
        })
        return
      }
      const outcome = await sendWithRetry({
        url: options.url,
        headers,
        body,
        clock: options.clock,
        timeout: options.timeout,
        exportTimeout: options.exportTimeout,
        policy: options.policy,
      })
      if (outcome.ok) {
        health.exported(items, 'metrics')
        return
      }
      health.failed(items, 'metrics')
      reportExportFailure(telemetry, scrub(`${options.label} ${options.action} failed: ${outcome.message}`), {
        exporter,
        [options.itemsKey]: items,
        ...sendFailureDetails(outcome),
      })
    },
  }
}
