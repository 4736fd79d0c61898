/**
 * The standalone scrape server: HTTP, or HTTPS when given a key and certificate, serving the
 * scrape handler on one path and 404 elsewhere.
 */
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { RequestHandler } from './httpHandler.ts'

/** TLS material for an HTTPS scrape endpoint (PEM strings or buffers). */
export interface PrometheusTlsOptions {
  key: string | Buffer
  cert: string | Buffer
  /** Client CAs, when scrapers must present certificates. */
  ca?: string | Buffer | Array<string | Buffer>
  passphrase?: string
  /** Ask scrapers for a client certificate and reject those without a valid one. Defaults to `false`. */
  requestCert?: boolean
}

/** Create the server for `handler` on `path`; it is not listening yet. */
export function createScrapeServer(
  handler: RequestHandler,
  path: string,
  tls: PrometheusTlsOptions | undefined,
): Server {
  const route: RequestHandler = (req, res) => {
    const url = req.url ?? '/'
    const query = url.indexOf('?')
    const pathname = query === -1 ? url : url.slice(0, query)
    if (pathname !== path) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('Not Found\n')
      return
    }
    handler(req, res)
  }
  if (tls === undefined) return createHttpServer(route)
  const options: Parameters<typeof createHttpsServer>[0] = { key: tls.key, cert: tls.cert }
  if (tls.ca !== undefined) options.ca = tls.ca
  if (tls.passphrase !== undefined) options.passphrase = tls.passphrase
  if (tls.requestCert === true) {
    options.requestCert = true
    options.rejectUnauthorized = true
  }
  return createHttpsServer(options, route)
}
