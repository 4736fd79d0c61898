/**
 * `/metrics` limits: a connection cap, idle and slow-header sockets closed, one serialization for
 * concurrent scrapes, the safe host default for an empty host, and gzip only when accepted.
 */
import { once } from 'node:events'
import { request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { createTelemetry } from '@foundation-telemetry/core'
import { createPrometheusExporter, type PrometheusExporter } from '@foundation-telemetry/exporters/prometheus'
import { afterEach, describe, expect, it } from 'vitest'

const open: PrometheusExporter[] = []
const sockets: Socket[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  for (const p of open.splice(0)) await p.close()
})

async function serve(options: Partial<Parameters<typeof createPrometheusExporter>[0]> = {}) {
  const t = createTelemetry({ env: {} })
  const counter = t.metrics.counter('served.requests', { cardinalityLimit: 20_000 })
  for (let i = 0; i < 5_000; i++) counter.add(1, { route: `/r/${i}`, method: 'GET' })
  let collections = 0
  const collect = t.metrics.collect.bind(t.metrics)
  t.metrics.collect = (o) => {
    collections++
    return collect(o)
  }
  const prom = createPrometheusExporter({ telemetry: t, ...options })
  open.push(prom)
  const { port, url } = await prom.listen({ port: 0 })
  return { port, url, collections: () => collections }
}

async function rawSocket(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1')
  sockets.push(socket)
  await once(socket, 'connect')
  return socket
}

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let bytes = 0
      res.on('data', (c: Buffer) => {
        bytes += c.length
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('/metrics limits', () => {
  it('closes connections past the cap at once', async () => {
    const { port } = await serve({ maxConnections: 3 })
    const kept = await Promise.all([rawSocket(port), rawSocket(port), rawSocket(port)])
    const extra = await rawSocket(port)
    await once(extra, 'close')
    for (const socket of kept) expect(socket.destroyed).toBe(false)
  })

  it('closes an idle socket that never sends a request', async () => {
    const { port } = await serve({ idleTimeout: 300 })
    const socket = await rawSocket(port)
    await once(socket, 'close')
    expect(socket.destroyed).toBe(true)
  })

  it('closes a socket whose request headers never finish (slowloris)', async () => {
    const { port } = await serve({ idleTimeout: 300 })
    const socket = await rawSocket(port)
    socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\n')
    const chunks: Buffer[] = []
    socket.on('data', (c: Buffer) => chunks.push(c))
    await once(socket, 'close')
    expect(Buffer.concat(chunks).toString()).not.toContain('200 OK')
  })

  it('serializes once for concurrent scrapes of the same format, and answers every one', async () => {
    const { url, collections } = await serve()
    const results = await Promise.all(
      Array.from({ length: 40 }, () => get(url, { 'accept-encoding': 'gzip' })),
    )
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(results.every((r) => r.bytes > 0)).toBe(true)
    // Scrapes that overlap share a render; a few may still arrive after the others finished.
    expect(collections()).toBeLessThanOrEqual(10)
    expect(collections()).toBeGreaterThanOrEqual(1)
    // A later scrape sees fresh data: sharing is only between scrapes in flight together.
    const before = collections()
    await get(url)
    expect(collections()).toBe(before + 1)
  })

  it('treats an empty host as the default 127.0.0.1, never every interface', async () => {
    const t = createTelemetry({ env: {} })
    const prom = createPrometheusExporter({ telemetry: t })
    open.push(prom)
    const { url } = await prom.listen({ port: 0, host: '' })
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
  })

  it('gzips only when the scraper accepts gzip with a q-value above 0', async () => {
    const { url } = await serve()
    expect((await get(url, { 'accept-encoding': 'gzip;q=0' })).headers['content-encoding']).toBeUndefined()
    expect((await get(url, { 'accept-encoding': 'gzip;q=0.5' })).headers['content-encoding']).toBe('gzip')
    expect((await get(url, { 'accept-encoding': '*;q=0' })).headers['content-encoding']).toBeUndefined()
  })
})
