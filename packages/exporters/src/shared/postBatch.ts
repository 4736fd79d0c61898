/**
 * The HTTP metric exporters that post whole batches (Datadog series, InfluxDB lines) deliver
 * each one the same way: optionally gzip the body, send it with the retry rules, count the items
 * exported or failed, and report a failure with the credential scrubbed from the message.
 */
import { promisify } from 'node:util'
import { gzip as gzipCallback } from 'node:zlib'
import { type ExporterTelemetry, reportExportFailure } from './exporterTelemetry.ts'
import type { HttpExporterContext } from './httpExporterContext.ts'
import { sendFailureDetails, sendWithRetry } from './sendWithRetry.ts'

const gzip = promisify(gzipCallback)

/** The request options every batch-posting exporter takes. */
export interface BatchPostOptions {
  /** Gzip request bodies. Defaults to `true`. */
  compress?: boolean
  /** Per-request timeout in ms. Defaults to 10 000. */
  timeout?: number
  /** Deadline per request including retries, in ms. Defaults to 30 000. */
  exportTimeout?: number
}

/** How one exporter posts its batches. */
export interface BatchPosterOptions {
  readonly telemetry: Pick<ExporterTelemetry, 'reportError'>
  /** The exporter's health, clock and retry policy. */
  readonly context: Pick<HttpExporterContext, 'health' | 'clock' | 'policy'>
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
  /** A credential that must never appear in a reported message (an echoing server may quote it). */
  readonly secret?: string | undefined
  /** Compression and timeouts, as the exporter's options give them. */
  readonly request: BatchPostOptions
}

/** Posts one batch at a time. */
export interface BatchPoster {
  /** Deliver `body` (a batch of `items` metric items); resolves when delivered or given up, never rejects. */
  post(body: string, items: number): Promise<void>
  /** Post `items` in batches of at most `perRequest`, one after another, each as `body(batch)`. */
  postAll<TItem>(items: readonly TItem[], perRequest: number, body: (batch: TItem[]) => string): Promise<void>
}

/**
 * Create the batch poster of one HTTP exporter.
 *
 * @example
 * const poster = createBatchPoster({ telemetry, context, exporter: 'influx', label: 'Influx', action: 'write',
 *   itemsKey: 'lines', url, headers, secret: token, request: options })
 * await poster.postAll(lines, 5000, (batch) => `${batch.join('\n')}\n`)
 */
export function createBatchPoster(options: BatchPosterOptions): BatchPoster {
  const { telemetry, exporter, secret } = options
  const { health, clock, policy } = options.context
  const compress = options.request.compress ?? true
  const timeout = options.request.timeout ?? 10_000
  const exportTimeout = options.request.exportTimeout ?? 30_000
  const headers = compress ? { ...options.headers, 'Content-Encoding': 'gzip' } : options.headers
  const scrub = (text: string) => (secret ? text.split(secret).join('[REDACTED]') : text)
  const post = async (text: string, items: number): Promise<void> => {
    let body: Uint8Array = Buffer.from(text, 'utf8')
    try {
      if (compress) body = await gzip(body)
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
      clock,
      timeout,
      exportTimeout,
      policy,
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
  }
  return {
    post,
    async postAll(items, perRequest, body) {
      for (let i = 0; i < items.length; i += perRequest) {
        const batch = items.slice(i, i + perRequest)
        await post(body(batch), batch.length)
      }
    },
  }
}
