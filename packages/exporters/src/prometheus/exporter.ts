/**
 * `createPrometheusExporter`: serializes the telemetry instance's metrics for Prometheus, as a
 * string, an HTTP handler, or a standalone server.
 */
import type { Telemetry } from '@foundation-telemetry/core'
import { exportFailure } from '@foundation-telemetry/core'
import { guardFactory } from '../shared/guardFactory.ts'
import { createAuthCheck, type PrometheusAuth } from './auth.ts'
import { createExpositionRenderer } from './expositionRenderer.ts'
import { createScrapeHandler, type RequestHandler } from './httpHandler.ts'
import { openMetricsContentType } from './openMetrics.ts'
import { createScrapeHealth } from './scrapeHealth.ts'
import type { ExpositionFormat } from './serializer.ts'
import { defaultScrapeServerLimits, type PrometheusTlsOptions } from './server.ts'
import { createStandaloneServer } from './standaloneServer.ts'
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

/** Sample lines written between two yields to the event loop, unless told otherwise. */
const DEFAULT_CHUNK_LINES = 2000

function buildPrometheusExporter(options: PrometheusExporterOptions): PrometheusExporter {
  const telemetry = options.telemetry
  const health = createScrapeHealth(telemetry)
  const report = (message: string, cause: unknown, details: Record<string, unknown> = {}) => {
    try {
      telemetry.reportError(exportFailure(message, { exporter: 'prometheus', ...details }, { cause }))
    } catch {
      // The error hook itself failed; there is nowhere left to report to.
    }
  }
  const renderer = createExpositionRenderer({
    telemetry,
    targetInfo: options.targetInfo !== false,
    chunkLines: Math.max(1, options.chunkLines ?? DEFAULT_CHUNK_LINES),
    health,
    report,
  })
  const contentType = (format: ExpositionFormat = 'text') =>
    format === 'openmetrics' ? openMetricsContentType : textContentType
  const handler = createScrapeHandler({
    render: renderer.render,
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
  const server = createStandaloneServer({
    handler,
    path: options.path ?? '/metrics',
    tls: options.tls,
    limits: {
      maxConnections: positive(options.maxConnections, defaultScrapeServerLimits.maxConnections),
      idleTimeout: positive(options.idleTimeout, defaultScrapeServerLimits.idleTimeout),
      requestTimeout: positive(options.requestTimeout, defaultScrapeServerLimits.requestTimeout),
    },
    report,
  })

  return {
    serialize: (format = 'text') => renderer.serialize(format),
    serializeAsync: async (format = 'text') => (await renderer.render(format)).body,
    contentType,
    handler,
    listen: (listenOptions) => server.listen(listenOptions),
    close: () => server.close(),
  }
}

/** `value` when it is a positive finite number, else `fallback`. */
function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 && Number.isFinite(value) ? value : fallback
}
