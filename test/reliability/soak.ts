/**
 * The soak run (`pnpm soak`, minutes, not part of CI): 10 M events and 200 k spans through
 * telemetry instances whose OTLP exporters point at a dead receiver (connection refused), a slow
 * one (answers after 2 s) and a failing one (503 with Retry-After), while /metrics is scraped.
 * Prints heap and RSS as it goes and the final counts, so anyone can repeat the figures in
 * docs/security.md. Flags: --events N, --spans N, --report-every SECONDS.
 *
 *   npx -y pnpm@10.34.8 soak
 *   npx -y pnpm@10.34.8 soak -- --events 1000000 --spans 20000
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { createTelemetry } from '@foundation-telemetry/core'
import { createOtlpExporter, type OtlpExporter } from '@foundation-telemetry/exporters/otlp'
import { createPrometheusExporter } from '@foundation-telemetry/exporters/prometheus'

const { values } = parseArgs({
  // `pnpm soak -- --events N` passes the `--` on: drop it.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    events: { type: 'string', default: '10000000' },
    spans: { type: 'string', default: '200000' },
    'report-every': { type: 'string', default: '5' },
  },
  allowPositionals: true,
})
const EVENTS = Number(values.events)
const SPANS = Number(values.spans)
const REPORT_MS = Number(values['report-every']) * 1000

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A receiver that answers every request the same way, after `delay` ms. */
async function receiver(status: number, delay: number, headers: Record<string, string> = {}) {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      // timer-under-test: the slow receiver's delay is what the soak exercises.
      setTimeout(() => {
        res.writeHead(status, headers)
        res.end('{}')
      }, delay)
    })
  })
  return { server, url: await listen(server) }
}

async function deadEndpoint(): Promise<string> {
  const server = createServer()
  const url = await listen(server)
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return url
}

const slow = await receiver(200, 2_000)
const unavailable = await receiver(503, 0, { 'retry-after': '1' })
const targets = { dead: await deadEndpoint(), slow: slow.url, '503': unavailable.url }

const lanes = Object.entries(targets).map(([name, endpoint]) => {
  const t = createTelemetry({ service: `soak-${name}`, env: {}, onError: () => {} })
  const otlp: OtlpExporter = createOtlpExporter({ telemetry: t, endpoint, env: {}, metricsInterval: 10_000 })
  t.addSpanProcessor(otlp.spanProcessor)
  const counter = t.metrics.counter('soak.events')
  const histogram = t.metrics.histogram('soak.latency', { unit: 'ms' })
  t.attach('soak', 'soak.work.*', (_event, measurements, metadata) => {
    counter.add(1, { kind: String(metadata.kind) })
    histogram.record(Number(measurements.duration), { kind: String(metadata.kind) })
  })
  return { name, t, otlp, handle: t.event('soak.work.done') }
})
const prometheus = createPrometheusExporter({ telemetry: lanes[0]!.t })
const scrape = await prometheus.listen({ port: 0 })

let events = 0
let spans = 0
const started = performance.now()
const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1)
const line = () => {
  const memory = process.memoryUsage()
  const health = lanes.map((l) => `${l.name} ${JSON.stringify(l.otlp.health.totals())}`).join(' | ')
  console.log(
    `${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s  heap ${mb(memory.heapUsed)} MB  rss ${mb(memory.rss)} MB  events ${events}  spans ${spans}  ${health}`,
  )
}
// timer-under-test: the soak reports over wall time (a script, not a test).
const ticker = setInterval(line, REPORT_MS)
// timer-under-test: a scraper polls /metrics every second, as Prometheus would.
const scraper = setInterval(() => {
  fetch(scrape.url, { headers: { 'accept-encoding': 'gzip' } })
    .then((r) => r.arrayBuffer())
    .catch(() => {})
}, 1_000)

const KINDS = ['plan', 'act', 'observe', 'reflect']
while (events < EVENTS || spans < SPANS) {
  for (let i = 0; i < 10_000 && events < EVENTS; i++, events++) {
    const lane = lanes[events % lanes.length]!
    lane.handle.execute({ duration: events % 97 }, { kind: KINDS[events % KINDS.length] })
  }
  for (let i = 0; i < 200 && spans < SPANS; i++, spans++) {
    const lane = lanes[spans % lanes.length]!
    lane.t.startSpan('soak.step', { attributes: { step: spans } }).end()
  }
  // Yield so exporters, timers and the scrape server run between batches.
  await new Promise((resolve) => setImmediate(resolve))
}

console.log('All work submitted; shutting exporters down (their export deadlines apply)...')
await Promise.all(lanes.map((l) => l.otlp.shutdown()))
clearInterval(ticker)
clearInterval(scraper)
line()
for (const l of lanes) {
  const totals = l.otlp.health.totals()
  console.log(
    `${l.name.padEnd(5)} spans submitted ${Math.ceil(SPANS / lanes.length)}: exported ${totals.exported}, failed ${totals.failed}, dropped ${totals.dropped} (metrics included); reports ${JSON.stringify(l.t.stats())}`,
  )
}
await prometheus.close()
slow.server.closeAllConnections()
unavailable.server.closeAllConnections()
slow.server.close()
unavailable.server.close()
