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

/** Connection limits of the standalone server. */
export interface ScrapeServerLimits {
  /** Open connections at most; further ones are closed at once. */
  maxConnections: number
  /**
   * Milliseconds a connection may sit idle (no request, or request headers arriving too slowly)
   * before it is closed.
   */
  idleTimeout: number
  /** Milliseconds a whole request may take to arrive. */
  requestTimeout: number
}

/** Defaults: plenty for a handful of scrapers, too few for a socket flood to matter. */
export const defaultScrapeServerLimits: ScrapeServerLimits = {
  maxConnections: 64,
  idleTimeout: 10_000,
  requestTimeout: 30_000,
}

/** Longest a keep-alive connection waits for its next request, in ms (Node's own default). */
const KEEP_ALIVE_TIMEOUT_MS = 5_000
/** Bounds of how often Node checks request and header timeouts, in ms. */
const MIN_TIMEOUT_CHECK_MS = 100
const MAX_TIMEOUT_CHECK_MS = 1_000

/** Create the server for `handler` on `path`; it is not listening yet. */
export function createScrapeServer(
  handler: RequestHandler,
  path: string,
  tls: PrometheusTlsOptions | undefined,
  limits: ScrapeServerLimits = defaultScrapeServerLimits,
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
  const timeouts = {
    headersTimeout: Math.min(limits.idleTimeout, limits.requestTimeout),
    requestTimeout: limits.requestTimeout,
    keepAliveTimeout: Math.min(KEEP_ALIVE_TIMEOUT_MS, limits.idleTimeout),
    // How often Node checks the two timeouts above; its default (30 s) lets a silent socket live
    // long past them.
    connectionsCheckingInterval: Math.max(
      MIN_TIMEOUT_CHECK_MS,
      Math.min(MAX_TIMEOUT_CHECK_MS, limits.idleTimeout / 2),
    ),
  }
  const server =
    tls === undefined
      ? createHttpServer(timeouts, route)
      : createHttpsServer(tlsOptions(tls, timeouts), route)
  server.maxConnections = limits.maxConnections
  // Inactivity on any socket, before or between requests.
  server.setTimeout(limits.idleTimeout, (socket) => socket.destroy())
  return server
}

function tlsOptions(tls: PrometheusTlsOptions, timeouts: object): Parameters<typeof createHttpsServer>[0] {
  const options: Parameters<typeof createHttpsServer>[0] = { ...timeouts, key: tls.key, cert: tls.cert }
  if (tls.ca !== undefined) options.ca = tls.ca
  if (tls.passphrase !== undefined) options.passphrase = tls.passphrase
  if (tls.requestCert === true) {
    options.requestCert = true
    options.rejectUnauthorized = true
  }
  return options
}
