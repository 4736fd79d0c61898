/**
 * The demo's HTTP server: `/` (live page), `/api/summary`, `/metrics` and `/healthz`, read-only:
 * anything but GET and HEAD is answered 405, and every response carries the security headers.
 */
import { createServer, type Server } from 'node:http'
import type { PrometheusExporter } from '@foundation-telemetry/exporters/prometheus'
import { livePage } from './page.ts'
import { securityHeaders } from './securityHeaders.ts'
import type { DemoSummary } from './summary.ts'

const headers = securityHeaders(livePage)

/** What the routes read from. */
export interface DemoRoutes {
  prometheus: PrometheusExporter
  summary(): DemoSummary
  healthy(): boolean
}

/** Create (not start) the demo server. */
export function createDemoServer(routes: DemoRoutes): Server {
  return createServer((req, res) => {
    const url = req.url ?? '/'
    const path = url.split('?')[0]
    try {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
        return res.end('Method Not Allowed\n')
      }
      if (path === '/metrics') return routes.prometheus.handler(req, res)
      if (path === '/healthz') {
        const ok = routes.healthy()
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        return res.end(JSON.stringify({ status: ok ? 'ok' : 'stopping' }))
      }
      if (path === '/api/summary') {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        return res.end(JSON.stringify(routes.summary()))
      }
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        return res.end(livePage)
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('Not Found\n')
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(`Internal error: ${String(error)}\n`)
    }
  })
}
