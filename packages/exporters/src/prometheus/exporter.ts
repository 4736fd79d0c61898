/**
 * `createPrometheusExporter`: serializes the telemetry instance's metrics for Prometheus, as a
 * string, an HTTP handler, or a standalone server.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Telemetry } from '@foundation-telemetry/core'
import { exportFailure } from '@foundation-telemetry/core'
import { createExportRedaction } from '../shared/exportRedaction.ts'
import { guardFactory } from '../shared/guardFactory.ts'
import { createAuthCheck, type PrometheusAuth } from './auth.ts'
import { createScrapeHandler, type RenderResult, type RequestHandler } from './httpHandler.ts'
import { openMetricsContentType } from './openMetrics.ts'
import { createScrapeHealth } from './scrapeHealth.ts'
import {
  type ExpositionFormat,
  type SerializeInput,
  serializeSnapshots,
  serializeSnapshotsAsync,
} from './serializer.ts'
import { createScrapeServer, defaultScrapeServerLimits, type PrometheusTlsOptions } from './server.ts'
import { textContentType } from './textFormat.ts'

/**
 * The part of a telemetry instance the exporter uses (structurally a `Pick` of core's
 * `Telemetry`), so any instance, or a test double, can be passed.
 */
export type PrometheusTelemetry = Pick<Telemetry, 'metrics' | 'resource' | 'reportError' | 'execute'> &
  Partial<Pick<Telemetry, 'redact'>>

/** Options for {@link createPrometheusExporter}. */
export interface PrometheusExporterOptions {
  /** The telemetry instance whose metrics are exposed, and where the exporter reports its health. */
  telemetry: PrometheusTelemetry
  /** The scrape path of the standalone server. Defaults to `/metrics`. */
  path?: string
  /** Answer with OpenMetrics 1.0 when the scraper's `Accept` prefers it. Defaults to `true`. */
  openMetrics?: boolean
  /** Require a bearer token or basic credentials (401 with `WWW-Authenticate` otherwise). Defaults to none. */
  auth?: PrometheusAuth
  /** Serve HTTPS from `listen()` with this key and certificate. Defaults to plain HTTP. */
  tls?: PrometheusTlsOptions
  /** Expose the resource attributes as `target_info`. Defaults to `true`. */
  targetInfo?: boolean
  /** Gzip responses when the scraper accepts it (Prometheus does). Defaults to `true`. */
  compression?: boolean
  /**
   * Open connections the standalone server accepts at most; more are closed at once.
   * Defaults to 64.
   */
  maxConnections?: number
  /**
   * Milliseconds a connection of the standalone server may sit idle (no request, or headers
   * arriving too slowly) before it is closed. Defaults to 10 000.
   */
  idleTimeout?: number
  /** Milliseconds a whole request may take to arrive at the standalone server. Defaults to 30 000. */
  requestTimeout?: number
  /**
   * About how many sample lines are written between two yields to the event loop in
   * `serializeAsync` and the handler (a histogram series counts as one line per bucket).
   * Defaults to 2000.
   */
  chunkLines?: number
}

/** Options for {@link PrometheusExporter.listen}. */
export interface PrometheusListenOptions {
  /** `0` picks a free port. Defaults to `OTEL_EXPORTER_PROMETHEUS_PORT`, else 9464. */
  port?: number
  /**
   * Defaults to `OTEL_EXPORTER_PROMETHEUS_HOST`, else `127.0.0.1` (never all interfaces unless
   * told: an empty string means the default too, as an empty variable does).
   */
  host?: string
}

/** A Prometheus exporter. No method throws into the caller. */
export interface PrometheusExporter {
  /** The current metrics in the text format 0.0.4 (default) or OpenMetrics 1.0. */
  serialize(format?: ExpositionFormat): string
  /** Like {@link serialize}, yielding to the event loop between chunks of series. */
  serializeAsync(format?: ExpositionFormat): Promise<string>
  /** The `Content-Type` of a format. */
  contentType(format?: ExpositionFormat): string
  /** A Node HTTP handler answering scrapes on whatever path it is mounted. */
  readonly handler: RequestHandler
  /**
   * Start the standalone server. Resolves with the bound port and the scrape URL; rejects (and
   * reports) when the port cannot be bound, since the caller asked for a server and must know.
   */
  listen(options?: PrometheusListenOptions): Promise<{ port: number; url: string }>
  /** Stop the standalone server (dropping idle keep-alive connections). Idempotent. */
  close(): Promise<void>
}

/** Event emitted on the telemetry instance after each answered scrape. */
export const scrapeEventName = 'telemetry.exporter.scrape'

/**
 * Expose a telemetry instance's metrics to Prometheus.
 *
 * @example
 * const t = createTelemetry({ service: 'checkout' })
 * const prom = createPrometheusExporter({ telemetry: t })
 * const { url } = await prom.listen({ port: 9464 }) // http://127.0.0.1:9464/metrics
 * // or mount the handler in your own server:
 * http.createServer((req, res) => (req.url === '/metrics' ? prom.handler(req, res) : next(req, res)))
 */
export function createPrometheusExporter(options: PrometheusExporterOptions): PrometheusExporter {
  return guardFactory('prometheus', options, buildPrometheusExporter)
}

function buildPrometheusExporter(options: PrometheusExporterOptions): PrometheusExporter {
  const telemetry = options.telemetry
  const path = options.path ?? '/metrics'
  const chunkLines = Math.max(1, options.chunkLines ?? 2000)
  const targetInfo = options.targetInfo !== false
  const health = createScrapeHealth(telemetry)
  const redaction = createExportRedaction(telemetry)
  const empty: Readonly<Record<string, never>> = Object.freeze({})
  let server: Server | undefined
  let listening: Promise<{ port: number; url: string }> | undefined

  const report = (message: string, cause: unknown, details: Record<string, unknown> = {}) => {
    try {
      telemetry.reportError(exportFailure(message, { exporter: 'prometheus', ...details }, { cause }))
    } catch {
      // The error hook itself failed; there is nowhere left to report to.
    }
  }

  const input = (format: ExpositionFormat): { input: SerializeInput; series: number } => {
    const snapshots = redaction.snapshots(telemetry.metrics.collect({ temporality: 'cumulative' }))
    let series = 0
    for (const snapshot of snapshots) series += snapshot.series.length
    return {
      series,
      input: {
        snapshots,
        resource: targetInfo ? telemetry.resource : empty,
        format,
        onDuplicate: (name, metric) =>
          report(`Prometheus name ${name} of ${metric} is already taken; family skipped`, undefined, {
            metric,
            prometheus_name: name,
          }),
      },
    }
  }

  const emptyExposition = (format: ExpositionFormat) => (format === 'openmetrics' ? '# EOF\n' : '')

  const failed = (format: ExpositionFormat, error: unknown): RenderResult => {
    health.failed()
    report('Prometheus serialization failed', error, { format })
    return { ok: false, body: emptyExposition(format), series: 0 }
  }

  // Durations use real elapsed time on purpose: an injected (possibly manual) clock would not
  // show serialization work. On the chunked path they include the yields between chunks.
  const render = async (format: ExpositionFormat): Promise<RenderResult> => {
    const started = performance.now()
    try {
      const { input: data, series } = input(format)
      const body = await serializeSnapshotsAsync(data, chunkLines)
      health.serialized(series, format, performance.now() - started)
      return { ok: true, body, series }
    } catch (error) {
      return failed(format, error)
    }
  }

  const contentType = (format: ExpositionFormat = 'text') =>
    format === 'openmetrics' ? openMetricsContentType : textContentType

  const handler = createScrapeHandler({
    render,
    contentType,
    auth: options.auth === undefined ? undefined : createAuthCheck(options.auth),
    openMetrics: options.openMetrics !== false,
    compression: options.compression !== false,
    onError: (error) => report('Prometheus scrape failed', error),
    onScrape(scrape) {
      health.scraped(scrape.statusCode)
      try {
        telemetry.execute(
          scrapeEventName,
          { duration: scrape.duration, bytes: scrape.bytes, series: scrape.series },
          { exporter: 'prometheus', format: scrape.format, status_code: scrape.statusCode },
        )
      } catch {
        // execute never throws by contract; a test double might.
      }
    },
  })

  return {
    serialize(format = 'text') {
      const started = performance.now()
      try {
        const { input: data, series } = input(format)
        const body = serializeSnapshots(data)
        health.serialized(series, format, performance.now() - started)
        return body
      } catch (error) {
        return failed(format, error).body
      }
    },
    async serializeAsync(format = 'text') {
      return (await render(format)).body
    },
    contentType,
    handler,
    listen(listenOptions = {}) {
      if (listening !== undefined) return listening
      const envPort = Number(process.env.OTEL_EXPORTER_PROMETHEUS_PORT)
      const port = listenOptions.port ?? (Number.isInteger(envPort) && envPort >= 0 ? envPort : 9464)
      const host = listenOptions.host || process.env.OTEL_EXPORTER_PROMETHEUS_HOST || '127.0.0.1'
      const cannotListen = (error: unknown) => {
        report(`Prometheus exporter could not listen on ${host}:${port}`, error, { host, port })
        server = undefined
        listening = undefined
      }
      let created: Server
      try {
        // Bad TLS material makes the server constructor throw; the caller gets a rejection.
        created = createScrapeServer(handler, path, options.tls, {
          maxConnections: positive(options.maxConnections, defaultScrapeServerLimits.maxConnections),
          idleTimeout: positive(options.idleTimeout, defaultScrapeServerLimits.idleTimeout),
          requestTimeout: positive(options.requestTimeout, defaultScrapeServerLimits.requestTimeout),
        })
      } catch (error) {
        cannotListen(error)
        return Promise.reject(error)
      }
      server = created
      const attempt = new Promise<{ port: number; url: string }>((resolve, reject) => {
        const onError = (error: Error) => {
          cannotListen(error)
          reject(error)
        }
        created.once('error', onError)
        // A port out of range throws here rather than emitting 'error'.
        try {
          created.listen(port, host, () => {
            created.off('error', onError)
            created.on('error', (error) => report('Prometheus exporter server error', error))
            const bound = (created.address() as AddressInfo).port
            const scheme = options.tls === undefined ? 'http' : 'https'
            const urlHost = host.includes(':') ? `[${host}]` : host
            resolve({ port: bound, url: `${scheme}://${urlHost}:${bound}${path}` })
          })
        } catch (error) {
          created.off('error', onError)
          cannotListen(error)
          reject(error)
        }
      })
      // A synchronous failure above has already cleared the slot: keep it clear so a later call can listen.
      if (server === created) listening = attempt
      return attempt
    },
    close() {
      const current = server
      server = undefined
      listening = undefined
      if (current === undefined) return Promise.resolve()
      return new Promise<void>((resolve) => {
        const stop = () => {
          current.close(() => resolve())
          current.closeIdleConnections()
        }
        if (current.listening) return stop()
        // listen() is still binding: close once it is bound, or give up if binding fails.
        current.once('listening', stop)
        current.once('error', () => resolve())
      })
    },
  }
}

/** `value` when it is a positive finite number, else `fallback`. */
function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 && Number.isFinite(value) ? value : fallback
}
