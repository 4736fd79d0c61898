/**
 * The InfluxDB exporter: metric snapshots as line protocol, written to the v2 write API
 * (`/api/v2/write?org=&bucket=`, `Authorization: Token`) or the v1 `/write?db=` endpoint, on a
 * timer and on demand, in batches, with the HTTP exporters' retry rules. The token travels only
 * in the Authorization header and never appears in messages or reported details.
 */
import { createBatchMetricsExport } from '../shared/batchMetricsExport.ts'
import type { ExporterLifecycle } from '../shared/exporterLifecycle.ts'
import { reportExportFailure } from '../shared/exporterTelemetry.ts'
import { guardFactory } from '../shared/guardFactory.ts'
import { type HttpExporterBaseOptions, resolveHttpExporterContext } from '../shared/httpExporterContext.ts'
import type { BatchPostOptions } from '../shared/postBatch.ts'
import { toInfluxPoints } from './influxPoints.ts'
import { formatPoint } from './lineProtocol.ts'

/** Options for {@link createInfluxExporter}. */
export interface InfluxExporterOptions extends HttpExporterBaseOptions, BatchPostOptions {
  /** The server, e.g. `http://127.0.0.1:8086`. Defaults to `INFLUX_URL`, else `http://127.0.0.1:8086`. */
  url?: string
  /** `v2` writes to `/api/v2/write` (org, bucket, token); `v1` to `/write` (database). Defaults to `v2`. */
  api?: 'v2' | 'v1'
  /** v2 organisation. Defaults to `INFLUX_ORG`. */
  org?: string
  /** v2 bucket. Defaults to `INFLUX_BUCKET`, else `telemetry`. */
  bucket?: string
  /** v2 API token (also sent to v1 servers that accept tokens). Defaults to `INFLUX_TOKEN`. */
  token?: string
  /** v1 database. Defaults to `INFLUX_DATABASE`, else `telemetry`. */
  database?: string
  /** Tags on every point. Defaults to `{ service: <service.name> }`. */
  tags?: Record<string, string>
  /** Export interval in ms; `0` exports only on `forceFlush()` and `shutdown()`. Defaults to 10 000. */
  interval?: number
  /** Lines per request. Defaults to 5000 (InfluxDB's recommended batch size). */
  maxLinesPerRequest?: number
}

/**
 * An InfluxDB exporter.
 *
 * - `forceFlush()`: Collect and write now. Resolves when delivered or given up; never rejects.
 * - `shutdown()`: Stop the timer, then write once more. Idempotent.
 */
export interface InfluxExporter extends ExporterLifecycle {
  /** The write URL, without credentials. */
  readonly url: string
}

const EXPORTER = 'influx'

/** The write URL for the chosen API. */
export function influxWriteUrl(
  base: string,
  api: 'v1' | 'v2',
  target: { org?: string | undefined; bucket: string; database: string },
): string {
  try {
    return influxWriteUrlUnguarded(base, api, target)
  } catch {
    // Not the data this helper takes (or data whose fields throw): a neutral result, never an exception.
    return ''
  }
}

function influxWriteUrlUnguarded(
  base: string,
  api: 'v1' | 'v2',
  target: { org?: string | undefined; bucket: string; database: string },
): string {
  const url = new URL(api === 'v2' ? 'api/v2/write' : 'write', base.endsWith('/') ? base : `${base}/`)
  if (api === 'v2') {
    if (target.org !== undefined) url.searchParams.set('org', target.org)
    url.searchParams.set('bucket', target.bucket)
  } else {
    url.searchParams.set('db', target.database)
  }
  url.searchParams.set('precision', 'ns')
  return url.toString()
}

/**
 * Create an InfluxDB line-protocol exporter.
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { createInfluxExporter } from '@foundation-telemetry/exporters/influx'
 *
 * const t = createTelemetry({ service: 'planner' })
 * const influx = createInfluxExporter({
 *   telemetry: t,
 *   url: 'http://127.0.0.1:8086',
 *   org: 'acme',
 *   bucket: 'telemetry',
 *   token: process.env.INFLUX_TOKEN ?? '',
 * })
 * await influx.shutdown() // on exit: one last write
 * ```
 */
export function createInfluxExporter(options: InfluxExporterOptions): InfluxExporter {
  return guardFactory('influx', options, buildInfluxExporter)
}

function buildInfluxExporter(options: InfluxExporterOptions): InfluxExporter {
  const { telemetry } = options
  const context = resolveHttpExporterContext(options, EXPORTER)
  const env = context.env
  const api = options.api ?? 'v2'
  const token = options.token ?? env.INFLUX_TOKEN
  let url: string
  try {
    url = influxWriteUrl(options.url ?? env.INFLUX_URL ?? 'http://127.0.0.1:8086', api, {
      org: options.org ?? env.INFLUX_ORG,
      bucket: options.bucket ?? env.INFLUX_BUCKET ?? 'telemetry',
      database: options.database ?? env.INFLUX_DATABASE ?? 'telemetry',
    })
  } catch (error) {
    reportExportFailure(telemetry, 'Influx exporter: url is not a valid URL', {
      exporter: EXPORTER,
      reason: 'invalid_url',
      error,
    })
    url = ''
  }
  const intervalMs = options.interval ?? 10_000
  const maxLines = Math.max(1, options.maxLinesPerRequest ?? 5000)
  const service = telemetry.resource['service.name']
  const globalTags = options.tags ?? (typeof service === 'string' ? { service } : {})
  const headers: Record<string, string> = {
    'Content-Type': 'text/plain; charset=utf-8',
    'User-Agent': 'foundation-telemetry-influx',
  }
  if (token) headers.Authorization = `Token ${token}`
  const { exportMetrics, shutdown } = createBatchMetricsExport({
    telemetry,
    context,
    exporter: EXPORTER,
    label: 'Influx',
    action: 'write',
    itemsKey: 'lines',
    url,
    headers,
    secret: token,
    request: options,
    interval: intervalMs,
    perRequest: maxLines,
    ready: () => url !== '',
    toItems: (snapshots) => {
      const lines: string[] = []
      for (const point of toInfluxPoints(snapshots, globalTags)) {
        const line = formatPoint(point)
        if (line !== undefined) lines.push(line)
      }
      return lines
    },
    body: (batch) => `${batch.join('\n')}\n`,
  })
  return { url, health: context.health, forceFlush: exportMetrics, shutdown }
}
