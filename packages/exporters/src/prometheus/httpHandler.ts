/**
 * The scrape endpoint as a plain Node HTTP handler: method and auth checks, `Accept`
 * negotiation, asynchronous (chunked) serialization, optional gzip, and a
 * `telemetry.exporter.scrape` event once the response is finished.
 *
 * Concurrent scrapes of one format share one serialization (and one gzip of it): a scrape that
 * arrives while another's body is being rendered or sent gets that same body. So a hundred
 * scrapers at once cost one exposition in memory, not a hundred.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { gzip } from 'node:zlib'
import type { AuthCheck } from './auth.ts'
import { acceptsGzip, negotiateFormat } from './negotiate.ts'
import type { ExpositionFormat } from './serializer.ts'

/** A Node `(req, res)` request handler. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void

/** The outcome of one serialization, as the handler needs it. */
export interface RenderResult {
  ok: boolean
  body: string
  series: number
}

/** What the handler is built from. */
export interface HandlerDeps {
  render(format: ExpositionFormat): Promise<RenderResult>
  contentType(format: ExpositionFormat): string
  auth: AuthCheck | undefined
  openMetrics: boolean
  compression: boolean
  /** Called once per answered request, after the response finished or the client went away. */
  onScrape(scrape: ScrapeRecord): void
  onError(error: unknown): void
}

/** One answered scrape, as reported in the `telemetry.exporter.scrape` event. */
export interface ScrapeRecord {
  statusCode: number
  format: ExpositionFormat
  bytes: number
  series: number
  /** Wall time from request to finished response, ms. */
  duration: number
}

/** One rendered exposition and the responses currently using it. */
interface SharedRender {
  readonly result: Promise<RenderResult>
  users: number
  plain?: Buffer
  gzipped?: Promise<Buffer>
}

/** Build the scrape handler. It never throws: every failure becomes a 5xx and a report. */
export function createScrapeHandler(deps: HandlerDeps): RequestHandler {
  const shared = new Map<ExpositionFormat, SharedRender>()
  const acquire = (format: ExpositionFormat): SharedRender => {
    let entry = shared.get(format)
    if (entry === undefined) {
      entry = { result: deps.render(format), users: 0 }
      shared.set(format, entry)
    }
    entry.users++
    return entry
  }
  const release = (format: ExpositionFormat, entry: SharedRender) => {
    if (--entry.users === 0 && shared.get(format) === entry) shared.delete(format)
  }
  const gzipOf = (entry: SharedRender, body: string): Promise<Buffer> =>
    (entry.gzipped ??= new Promise((resolve, reject) =>
      gzip(body, (error, out) => (error === null ? resolve(out) : reject(error))),
    ))

  return (req, res) => {
    const started = performance.now()
    let format: ExpositionFormat = 'text'
    let bytes = 0
    let series = 0
    const finish = () => {
      deps.onScrape({
        statusCode: res.statusCode,
        format,
        bytes,
        series,
        duration: performance.now() - started,
      })
    }
    try {
      res.once('close', finish)
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
        res.end('Method Not Allowed\n')
        return
      }
      if (deps.auth !== undefined && !deps.auth.check(req.headers.authorization)) {
        res.writeHead(401, {
          'www-authenticate': deps.auth.challenge,
          'content-type': 'text/plain; charset=utf-8',
        })
        res.end('Unauthorized\n')
        return
      }
      format = deps.openMetrics ? negotiateFormat(req.headers.accept) : 'text'
      const gzipped = deps.compression && acceptsGzip(req.headers['accept-encoding'])
      const entry = acquire(format)
      const scrapedFormat = format
      res.once('close', () => release(scrapedFormat, entry))
      entry.result.then(
        (result) => {
          series = result.series
          if (!result.ok) return fail(res, deps)
          const headers: Record<string, string> = { 'content-type': deps.contentType(format) }
          if (!gzipped) {
            entry.plain ??= Buffer.from(result.body, 'utf8')
            bytes = entry.plain.length
            return send(res, 200, headers, entry.plain, req.method === 'HEAD')
          }
          gzipOf(entry, result.body).then(
            (body) => {
              bytes = body.length
              headers['content-encoding'] = 'gzip'
              send(res, 200, headers, body, req.method === 'HEAD')
            },
            (error: unknown) => {
              deps.onError(error)
              fail(res, deps)
            },
          )
        },
        (error: unknown) => {
          deps.onError(error)
          fail(res, deps)
        },
      )
    } catch (error) {
      deps.onError(error)
      fail(res, deps)
    }
  }
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  head: boolean,
): void {
  if (res.headersSent || res.destroyed) return
  headers['content-length'] = String(body.length)
  res.writeHead(status, headers)
  res.end(head ? undefined : body)
}

function fail(res: ServerResponse, deps: HandlerDeps): void {
  try {
    send(
      res,
      500,
      { 'content-type': 'text/plain; charset=utf-8' },
      Buffer.from('serialization failed\n'),
      false,
    )
  } catch (error) {
    deps.onError(error)
  }
}
