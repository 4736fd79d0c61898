/**
 * The demo's HTTP server: `/` and `/assets/*` (the live dashboard), `/api/stream` (Server-Sent
 * Events), `/api/summary`, `/api/alerts`, `/api/traces`, `/api/alertmanager` (Alertmanager's
 * webhook), `/metrics` and `/healthz`. Read-only but for the two webhook routes (POST only):
 * anything else but GET and HEAD is answered 405, and every response carries the security headers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { PrometheusExporter } from '@foundation-telemetry/exporters/prometheus'
import { dashboardAsset } from './live/assets.ts'
import type { EventStream } from './live/eventStream.ts'
import { securityHeaders } from './securityHeaders.ts'
import type { DemoSummary } from './summary.ts'

/** What the routes read from. */
export interface DemoRoutes {
  prometheus: PrometheusExporter
  summary(): DemoSummary
  healthy(): boolean
  stream: EventStream
  alerts(): unknown[]
  traces(): unknown[]
  /** A POSTed notification (Alertmanager's webhook format, or the demo's own notifier). */
  notification(body: unknown): void
}

// The dashboard page has no inline script or style: its script and styles are /assets files.
const headers = securityHeaders(dashboardAsset('/')?.body.toString('utf8') ?? '')

/** Routes that take POSTed notifications. */
const webhooks = new Set(['/api/alertmanager', '/api/notifications'])

/** Largest webhook body accepted, bytes. */
const MAX_BODY = 1 << 20

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

function readJson(req: IncomingMessage, res: ServerResponse, then: (body: unknown) => void): void {
  const chunks: Buffer[] = []
  let size = 0
  req.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size > MAX_BODY) {
      json(res, 413, { error: 'body too large' })
      req.destroy()
      return
    }
    chunks.push(chunk)
  })
  req.on('end', () => {
    if (res.headersSent) return
    try {
      then(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      json(res, 200, { status: 'ok' })
    } catch {
      json(res, 400, { error: 'expected a JSON body' })
    }
  })
}

/** Create (not start) the demo server. */
export function createDemoServer(routes: DemoRoutes): Server {
  return createServer((req, res) => {
    const url = req.url ?? '/'
    const path = url.split('?')[0] ?? '/'
    try {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
      if (webhooks.has(path)) {
        if (req.method !== 'POST') {
          res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain; charset=utf-8' })
          return res.end('Method Not Allowed\n')
        }
        return readJson(req, res, routes.notification)
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
        return res.end('Method Not Allowed\n')
      }
      if (path === '/metrics') return routes.prometheus.handler(req, res)
      if (path === '/healthz') {
        const ok = routes.healthy()
        return json(res, ok ? 200 : 503, { status: ok ? 'ok' : 'stopping' })
      }
      if (path === '/api/summary') return json(res, 200, routes.summary())
      if (path === '/api/alerts') return json(res, 200, routes.alerts())
      if (path === '/api/traces') return json(res, 200, routes.traces())
      if (path === '/api/stream') return routes.stream.handler(req, res)
      const asset = dashboardAsset(path)
      if (asset !== undefined) {
        res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache' })
        return res.end(asset.body)
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('Not Found\n')
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
      res.end(`Internal error: ${String(error)}\n`)
    }
  })
}
