/**
 * The scrape endpoint as a plain Node HTTP handler: method and auth checks, `Accept`
 * negotiation, asynchronous (chunked) serialization, optional gzip, and a
 * `telemetry.exporter.scrape` event once the response is finished.
 *
 * Concurrent scrapes of one format share one serialization (and one gzip of it), see
 * {@link SharedRenders}; each request is one {@link ScrapeExchange}.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AuthCheck } from './auth.ts'
import { acceptsGzip, negotiateFormat } from './negotiate.ts'
import { ScrapeExchange } from './scrapeExchange.ts'
import type { ExpositionFormat } from './serializer.ts'
import { SharedRenders } from './sharedRenders.ts'

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

/** Build the scrape handler. It never throws: every failure becomes a 5xx and a report. */
export function createScrapeHandler(deps: HandlerDeps): RequestHandler {
  const renders = new SharedRenders(deps.render)
  return (req, res) => {
    const exchange = new ScrapeExchange(res, deps)
    try {
      res.once('close', exchange.finish)
      if (exchange.refuse(req)) return
      const format = deps.openMetrics ? negotiateFormat(req.headers.accept) : 'text'
      exchange.format = format
      const gzipped = deps.compression && acceptsGzip(req.headers['accept-encoding'])
      const head = req.method === 'HEAD'
      const entry = renders.acquire(format)
      res.once('close', () => renders.release(format, entry))
      entry.result.then(
        (result) => exchange.answer(entry, result, gzipped, head),
        (error: unknown) => exchange.failWith(error),
      )
    } catch (error) {
      exchange.failWith(error)
    }
  }
}
