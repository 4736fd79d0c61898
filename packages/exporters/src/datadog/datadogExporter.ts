/**
 * The Datadog exporter: metric snapshots to the v1 series API on a timer. The API key travels
 * only in the `DD-API-KEY` header; it never appears in messages, errors or reported details.
 */
import { hostname } from 'node:os'
import { createBatchMetricsExport } from '../shared/batchMetricsExport.ts'
import { createEpisodeReporter } from '../shared/episodeReporter.ts'
import type { MetricsExporterLifecycle } from '../shared/exporterLifecycle.ts'
import { reportExportFailure } from '../shared/exporterTelemetry.ts'
import { guardFactory } from '../shared/guardFactory.ts'
import { type HttpExporterBaseOptions, resolveHttpExporterContext } from '../shared/httpExporterContext.ts'
import { keepAliveUntil } from '../shared/keepAlive.ts'
import type { BatchPostOptions } from '../shared/postBatch.ts'
import { datadogTags, toDatadogSeries } from './datadogSeries.ts'

/** Options for {@link createDatadogExporter}. */
export interface DatadogExporterOptions extends HttpExporterBaseOptions, BatchPostOptions {
  /** Defaults to `DD_API_KEY`, else `DATADOG_API_KEY`. Without a key nothing is sent (reported once). */
  apiKey?: string
  /** Datadog site. Defaults to `DD_SITE`, else `datadoghq.com`. */
  site?: string
  /**
   * Full series URL, e.g. VictoriaMetrics' `http://127.0.0.1:8428/datadog/api/v1/series`.
   * Defaults to `https://api.<site>/api/v1/series`.
   */
  url?: string
  /** The `host` of every series. Defaults to `DD_HOSTNAME`, else the OS host name; `false` omits it. */
  host?: string | false
  /** Prepended to every metric name. Defaults to none. */
  prefix?: string
  /** Tags on every series. Defaults to `DD_TAGS` (space or comma separated `k:v`), plus `env`/`service` from `DD_ENV`/`DD_SERVICE`. */
  tags?: Record<string, string>
  /** Counters as `count` (delta) or `rate` (per second). Defaults to `count`. */
  counterType?: 'count' | 'rate'
  /** Export interval in ms; `0` turns the timer off. Defaults to 10 000 (10 s). */
  interval?: number
  /** Series per request. Defaults to 1000. */
  maxSeriesPerRequest?: number
}

/**
 * A Datadog exporter.
 *
 * - `shutdown()`: Final export, then stop the timer. Idempotent.
 */
export interface DatadogExporter extends MetricsExporterLifecycle {
  readonly url: string
}

const EXPORTER = 'datadog'

/**
 * Create a Datadog v1 series exporter.
 *
 * @example
 * const dd = createDatadogExporter({ telemetry: t }) // DD_API_KEY and DD_SITE from the environment
 * // ... on exit
 * await dd.shutdown()
 */
export function createDatadogExporter(options: DatadogExporterOptions): DatadogExporter {
  return guardFactory('datadog', options, buildDatadogExporter)
}

function buildDatadogExporter(options: DatadogExporterOptions): DatadogExporter {
  const { telemetry } = options
  const context = resolveHttpExporterContext(options, EXPORTER)
  const env = context.env
  // Held in a closure only: never on the returned object, never in a message.
  const apiKey = options.apiKey ?? env.DD_API_KEY ?? env.DATADOG_API_KEY
  const site = options.site ?? env.DD_SITE ?? 'datadoghq.com'
  const url = options.url ?? `https://api.${site}/api/v1/series`
  const host = options.host === false ? undefined : (options.host ?? env.DD_HOSTNAME ?? hostname())
  const intervalMs = options.interval ?? 10_000
  const maxSeries = Math.max(1, options.maxSeriesPerRequest ?? 1000)

  const envTags: Record<string, string> = {}
  for (const tag of (env.DD_TAGS ?? '').split(/[\s,]+/)) {
    const index = tag.indexOf(':')
    if (index > 0) envTags[tag.slice(0, index)] = tag.slice(index + 1)
  }
  if (env.DD_ENV) envTags.env = env.DD_ENV
  if (env.DD_SERVICE) envTags.service = env.DD_SERVICE
  const globalTags = datadogTags({ ...envTags, ...options.tags })

  const missingKey = createEpisodeReporter()
  const { exportMetrics, shutdown } = createBatchMetricsExport({
    telemetry,
    context,
    exporter: EXPORTER,
    label: 'Datadog',
    action: 'export',
    itemsKey: 'series',
    url,
    headers: {
      'Content-Type': 'application/json',
      'DD-API-KEY': apiKey ?? '',
      'User-Agent': 'foundation-telemetry-datadog',
    },
    secret: apiKey,
    request: options,
    interval: intervalMs,
    perRequest: maxSeries,
    collect: { temporality: 'delta', reader: EXPORTER },
    ready: () => {
      if (apiKey) return true
      // The key cannot appear later (it is read once), so the episode is the exporter's life.
      missingKey.once(() =>
        reportExportFailure(
          telemetry,
          'Datadog exporter has no API key (apiKey, DD_API_KEY or DATADOG_API_KEY)',
          { exporter: EXPORTER, reason: 'no_api_key' },
        ),
      )
      return false
    },
    toItems: (snapshots) =>
      toDatadogSeries(snapshots, {
        interval: Math.max(1, Math.round(intervalMs / 1000)),
        host,
        prefix: options.prefix ?? '',
        globalTags,
        counterType: options.counterType ?? 'count',
      }),
    body: (batch) => JSON.stringify({ series: batch }),
  })
  return {
    url,
    health: context.health,
    exportMetrics,
    forceFlush: () => keepAliveUntil(exportMetrics()),
    shutdown,
  }
}
