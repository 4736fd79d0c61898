import { once } from 'node:events'
import { createTelemetry } from '@foundation-telemetry/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient, HttpStatusError } from '../src/http.ts'
import { runLoadTest } from '../src/runLoadTest.ts'
import { startHttpServer, type TestServer } from './httpServer.ts'

let server: TestServer
let hold: Array<() => void> = []

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    if (req.url === '/missing') {
      res.writeHead(404).end('nope')
    } else if (req.url === '/json') {
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ ok: true }))
    } else if (req.url === '/hang') {
      hold.push(() => res.end('late'))
    } else res.end('hello')
  })
})

afterAll(async () => {
  for (const release of hold) release()
  hold = []
  server.close()
})

describe('createHttpClient', { timeout: 30_000 }, () => {
  it('keeps connections alive across requests and reads bodies only when asked', async () => {
    const http = createHttpClient({ baseUrl: server.base, connections: 2 })
    server.sockets.clear()
    const plain = await http.get('/')
    expect(plain).toMatchObject({ status: 200, body: undefined, bytes: 5 })
    const json = await http.get<{ ok: boolean }>('/json', { read: 'json' })
    expect(json.body).toEqual({ ok: true })
    expect((await http.get('/', { read: 'text' })).body).toBe('hello')
    for (let i = 0; i < 20; i++) await http.get('/')
    // 23 requests, one after another, over at most the pool's two connections.
    expect(server.sockets.size).toBeLessThanOrEqual(2)
    await http.close()
  })

  it('rejects unaccepted statuses with an HttpStatusError whose code names the status', async () => {
    const http = createHttpClient({ baseUrl: server.base })
    const error = await http.get('/missing').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HttpStatusError)
    expect(error).toMatchObject({ code: 'HTTP_404', status: 404 })
    expect((await http.get('/missing', { okStatus: () => true })).status).toBe(404)
    await http.close()
  })

  it('aborts a request when the signal aborts', async () => {
    const http = createHttpClient({ baseUrl: server.base })
    const controller = new AbortController()
    const pending = http.get('/hang', { signal: controller.signal })
    controller.abort(new Error('gave up'))
    await expect(pending).rejects.toThrow('gave up')
    await http.close()
  })

  it('never opens more connections than asked, and queued requests wait their turn', async () => {
    const http = createHttpClient({ baseUrl: server.base, connections: 3 })
    server.sockets.clear()
    const all = await Promise.all(Array.from({ length: 40 }, () => http.get('/', { read: 'text' })))
    expect(all.every((r) => r.body === 'hello')).toBe(true)
    expect(server.sockets.size).toBeLessThanOrEqual(3)
    await http.close()
    await expect(http.get('/')).rejects.toMatchObject({ code: 'UND_ERR_CLOSED' })
  })

  it('gives up a request aborted while it waits for a connection, and serves the rest', async () => {
    const http = createHttpClient({ baseUrl: server.base, connections: 1 })
    const arrived = once(server.node, 'request')
    const first = http.get('/hang', { read: 'text' })
    const controller = new AbortController()
    const waiting = http.get('/', { signal: controller.signal })
    const after = http.get('/', { read: 'text' })
    controller.abort(new Error('waited too long'))
    await expect(waiting).rejects.toThrow('waited too long')
    await arrived
    hold.pop()!()
    expect((await first).body).toBe('late')
    expect((await after).body).toBe('hello')
    await http.close()
  })

  it('keeps undici as the client with pipelining, with the same answers', async () => {
    const http = createHttpClient({ baseUrl: server.base, connections: 2, pipelining: 4 })
    const all = await Promise.all(Array.from({ length: 20 }, () => http.get('/', { read: 'text' })))
    expect(all.every((r) => r.body === 'hello' && r.status === 200)).toBe(true)
    await expect(http.get('/missing')).rejects.toMatchObject({ code: 'HTTP_404' })
    await http.close()
    await expect(http.get('/')).rejects.toMatchObject({ code: 'UND_ERR_CLOSED' })
  })

  it('drives a constant-VU load test against a node:http server, errors categorised by status', async () => {
    const http = createHttpClient({ baseUrl: server.base, connections: 8 })
    const report = await runLoadTest({
      telemetry: createTelemetry({ service: 'http-load' }),
      scenarios: [
        { name: 'home', weight: 9, run: (ctx) => http.get('/', { signal: ctx.signal }) },
        { name: 'broken', weight: 1, run: (ctx) => http.get('/missing', { signal: ctx.signal }) },
      ],
      executor: { type: 'constant-vus', vus: 8, duration: '1m', iterations: 1000 },
    })
    await http.close()
    expect(report.total.count).toBe(1000)
    expect(report.scenarios.home!.errors).toBe(0)
    expect(report.scenarios.broken!.error_types).toEqual({
      HTTP_404: { count: 100, samples: ['GET /missing answered 404'] },
    })
    expect(report.total.latency.p50).toBeGreaterThan(0)
  })
})
