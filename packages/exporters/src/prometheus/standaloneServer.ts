/**
 * The exporter's own scrape server, started and stopped on demand: `listen()` binds once (a
 * second call while bound returns the same promise), `close()` is idempotent and also stops a
 * server that is still binding.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { RequestHandler } from './httpHandler.ts'
import { createScrapeServer, type PrometheusTlsOptions, type ScrapeServerLimits } from './server.ts'

/** The port Prometheus exporters listen on by convention (OpenTelemetry's default). */
export const DEFAULT_PROMETHEUS_PORT = 9464

/** Where the server binds when nothing else is said: loopback only, never all interfaces. */
export const DEFAULT_PROMETHEUS_HOST = '127.0.0.1'

/** Where to listen, as `listen()` is asked. */
export interface ListenRequest {
  /** `0` picks a free port. */
  port?: number
  host?: string
}

/**
 * The port and host to bind: the request's, else `OTEL_EXPORTER_PROMETHEUS_PORT`/`_HOST`, else
 * the defaults. An empty host means the default, as an empty variable does.
 */
export function listenAddress(
  request: ListenRequest,
  env: Readonly<Record<string, string | undefined>> = process.env,
): { port: number; host: string } {
  const envPort = Number(env.OTEL_EXPORTER_PROMETHEUS_PORT)
  const port = request.port ?? (Number.isInteger(envPort) && envPort >= 0 ? envPort : DEFAULT_PROMETHEUS_PORT)
  const host = request.host || env.OTEL_EXPORTER_PROMETHEUS_HOST || DEFAULT_PROMETHEUS_HOST
  return { port, host }
}

/** What the standalone server serves, and where it reports. */
export interface StandaloneServerOptions {
  handler: RequestHandler
  path: string
  tls: PrometheusTlsOptions | undefined
  limits: ScrapeServerLimits
  /** Called with what went wrong (a failed bind, a server error); must not throw. */
  report(message: string, cause: unknown, details?: Record<string, unknown>): void
}

/** Start and stop of the standalone server. */
export interface StandaloneServer {
  /** Bind; resolves with the bound port and scrape URL, rejects (and reports) when it cannot. */
  listen(request?: ListenRequest): Promise<{ port: number; url: string }>
  /** Stop (dropping idle keep-alive connections). Idempotent. */
  close(): Promise<void>
}

/** A server that is not listening yet. */
export function createStandaloneServer(options: StandaloneServerOptions): StandaloneServer {
  const { handler, path, tls, limits, report } = options
  let server: Server | undefined
  let listening: Promise<{ port: number; url: string }> | undefined

  return {
    listen(request = {}) {
      if (listening !== undefined) return listening
      const { port, host } = listenAddress(request)
      const cannotListen = (error: unknown) => {
        report(`Prometheus exporter could not listen on ${host}:${port}`, error, { host, port })
        server = undefined
        listening = undefined
      }
      let created: Server
      try {
        // Bad TLS material makes the server constructor throw; the caller gets a rejection.
        created = createScrapeServer(handler, path, tls, limits)
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
            const scheme = tls === undefined ? 'http' : 'https'
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
