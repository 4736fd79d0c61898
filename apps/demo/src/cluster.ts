/**
 * `pnpm demo --workers N`: N demo workers under `node:cluster`, each running the whole demo (its
 * own workload, dashboard and `/metrics` on a port of its own), and a primary serving one
 * `/metrics` that merges every worker's metrics exactly (counters summed, histograms bucket by
 * bucket, no counter reset when a worker is replaced: a slot keeps its last reply).
 */
import cluster, { type Worker } from 'node:cluster'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createTelemetry } from '@foundation-telemetry/core'
import { createClusterCollector, serveClusterMetrics } from '@foundation-telemetry/exporters/cluster'
import { createPrometheusExporter } from '@foundation-telemetry/exporters/prometheus'
import { type Demo, type StartDemoOptions, startDemo } from './demo.ts'

/** The environment variable naming a worker's slot (kept when a crashed worker is replaced). */
const SLOT = 'FOUNDATION_DEMO_SLOT'

/** A worker's message to the primary once its demo listens. */
interface ReadyMessage {
  type: 'foundation-demo:ready'
  slot: string
  url: string
}

/** Options of {@link startClusterPrimary}. */
export interface ClusterPrimaryOptions {
  workers: number
  port: number
  host: string
  /** Arguments each worker is forked with (the CLI's own, minus `--workers`). */
  args: readonly string[]
}

/** The running primary. */
export interface ClusterPrimary {
  readonly port: number
  readonly url: string
  /** Each slot's dashboard URL, once its worker listens. */
  workerUrls(): Record<string, string>
  /** Resolves when every slot has reported its URL once. */
  ready: Promise<void>
  stop(): Promise<void>
}

/** Is this process a worker forked by {@link startClusterPrimary}? */
export function isClusterWorker(): boolean {
  return cluster.isWorker && process.env[SLOT] !== undefined
}

/** In a worker: start the demo, answer the primary's collect requests, report the URL. */
export async function startClusterWorker(options: StartDemoOptions): Promise<Demo> {
  const slot = process.env[SLOT] ?? '0'
  const demo = await startDemo({ ...options, port: 0 })
  const stopServing = serveClusterMetrics(demo.telemetry, { worker: `worker-${slot}` })
  const ready: ReadyMessage = { type: 'foundation-demo:ready', slot, url: demo.url }
  process.send?.(ready)
  const stop = async () => {
    stopServing()
    await demo.stop()
    process.exit(0)
  }
  process.once('SIGTERM', () => void stop())
  process.once('SIGINT', () => void stop())
  return demo
}

/** In the primary: fork the workers (replacing any that dies) and serve the merged `/metrics`. */
export async function startClusterPrimary(options: ClusterPrimaryOptions): Promise<ClusterPrimary> {
  const t = createTelemetry({
    service: process.env.OTEL_SERVICE_NAME || 'foundation-demo',
    layer: 'foundation',
  })
  const collector = createClusterCollector({
    telemetry: t,
    workers: () => Object.values(cluster.workers ?? {}) as Worker[],
  })
  const prometheus = createPrometheusExporter({ telemetry: collector.telemetry })
  const urls: Record<string, string> = {}
  let stopping = false
  let resolveReady: () => void = () => {}
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve
  })

  cluster.setupPrimary({ args: [...options.args] })
  const fork = (slot: string) => {
    const worker = cluster.fork({ [SLOT]: slot })
    worker.on('message', (message: Partial<ReadyMessage>) => {
      if (message?.type !== 'foundation-demo:ready' || typeof message.url !== 'string') return
      urls[slot] = message.url
      if (Object.keys(urls).length === options.workers) resolveReady()
    })
    worker.on('exit', () => {
      // A crashed worker is replaced in the same slot: its last reply keeps its totals.
      if (!stopping) fork(slot)
    })
  }
  for (let i = 1; i <= options.workers; i++) fork(String(i))

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (path === '/metrics') {
      void collector.refresh().then(() => prometheus.handler(req, res))
      return
    }
    if (path === '/healthz') {
      res.writeHead(stopping ? 503 : 200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ status: stopping ? 'stopping' : 'ok', workers: urls }))
      return
    }
    if (path === '/api/workers') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end(JSON.stringify(urls))
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    res.end(
      'Not Found: the primary serves /metrics, /healthz and /api/workers; each worker serves its dashboard.\n',
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  let stopped: Promise<void> | undefined
  return {
    port,
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    workerUrls: () => ({ ...urls }),
    ready,
    stop() {
      stopped ??= (async () => {
        stopping = true
        const exits = Object.values(cluster.workers ?? {}).map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker === undefined || worker.isDead()) return resolve()
              worker.once('exit', () => resolve())
              worker.process.kill('SIGTERM')
            }),
        )
        await Promise.all(exits)
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await t.shutdown()
      })()
      return stopped
    },
  }
}
