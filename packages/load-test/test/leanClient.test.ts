/**
 * The HTTP helper's own client (`http:`, no pipelining) against a real node:http server: framing
 * (keep-alive, close, chunked, no-body statuses, HEAD, large bodies), failures (a server that
 * aborts mid-response, a refused connection, a protocol violation), and what a request may carry.
 */
import { once } from 'node:events'
import { createServer as createTcpServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createHttpClient } from '../src/http.ts'
import { runLoadTest } from '../src/runLoadTest.ts'
import { listenLocally, startHttpServer, type TestServer } from './httpServer.ts'

let server: TestServer
const large = Buffer.alloc(3 * 1024 * 1024 + 17, 'abcdefghij')

beforeAll(async () => {
  server = await startHttpServer(async (req, res) => {
    const url = req.url ?? '/'
    if (url === '/close') {
      res.writeHead(200, { connection: 'close', 'content-length': 2 }).end('ok')
    } else if (url === '/chunked') {
      res.writeHead(200, { 'content-type': 'text/plain' })
      for (let i = 0; i < 50; i++) res.write(`part ${i};`)
      res.end()
    } else if (url === '/no-content') {
      res.writeHead(204).end()
    } else if (url === '/not-modified') {
      res.writeHead(304, { etag: '"x"' }).end()
    } else if (url === '/large') {
      res.writeHead(200, { 'content-length': large.length }).end(large)
    } else if (url === '/large-chunked') {
      for (let at = 0; at < large.length; at += 65_000) res.write(large.subarray(at, at + 65_000))
      res.end()
    } else if (url === '/abort') {
      res.writeHead(200, { 'content-length': 1000 })
      res.write('only part of it')
      setImmediate(() => res.destroy())
    } else if (url === '/echo') {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          method: req.method,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      )
    } else if (url === '/cookies') {
      res.setHeader('set-cookie', ['a=1', 'b=2'])
      res.end('c')
    } else res.end('hello')
  })
})

afterAll(() => {
  server.close()
})

describe('the HTTP helper on http: (its own client)', { timeout: 30_000 }, () => {
  it('reuses one connection for sequential requests of every framing', async () => {
    const http = createHttpClient({ baseUrl: server.base, connections: 1 })
    server.sockets.clear()
    expect((await http.get('/', { read: 'text' })).body).toBe('hello')
    const chunked = await http.get('/chunked', { read: 'text' })
    expect(chunked.body).toBe(Array.from({ length: 50 }, (_, i) => `part ${i};`).join(''))
    expect(chunked.headers['transfer-encoding']).toBe('chunked')
    expect(await http.get('/no-content', { read: 'text' })).toMatchObject({ status: 204, body: '', bytes: 0 })
    expect(await http.get('/not-modified')).toMatchObject({ status: 304, bytes: 0 })
    const head = await http.request({ method: 'HEAD', path: '/large' })
    expect(head).toMatchObject({ status: 200, bytes: 0 })
    expect(head.headers['content-length']).toBe(String(large.length))
    const cookies = await http.get('/cookies')
    expect(cookies.headers['set-cookie']).toEqual(['a=1', 'b=2'])
    // Headers are parsed on first read, and still show in JSON and in destructuring.
    expect(JSON.parse(JSON.stringify(cookies))).toMatchObject({
      status: 200,
      headers: { 'set-cookie': ['a=1', 'b=2'] },
    })
    const { headers } = await http.get('/')
    expect(headers['content-length']).toBe('5')
    expect((await http.get('/', { read: 'text' })).body).toBe('hello')
    expect(server.sockets.size).toBe(1)
    await http.close()
  })

  it('reads large bodies, by length and chunked, byte for byte', async () => {
    const http = createHttpClient({ baseUrl: server.base, connections: 2 })
    const [byLength, chunked] = await Promise.all([
      http.get<Buffer>('/large', { read: 'bytes' }),
      http.get<Buffer>('/large-chunked', { read: 'bytes' }),
    ])
    expect(byLength.bytes).toBe(large.length)
    expect(byLength.body.equals(large)).toBe(true)
    expect(chunked.body.equals(large)).toBe(true)
    expect((await http.get('/large')).bytes).toBe(large.length)
    await http.close()
  })

  it('opens a new connection after a response that said Connection: close', async () => {
    const http = createHttpClient({ baseUrl: server.base, connections: 1 })
    server.sockets.clear()
    expect((await http.get('/close', { read: 'text' })).body).toBe('ok')
    expect((await http.get('/', { read: 'text' })).body).toBe('hello')
    expect(server.sockets.size).toBe(2)
    // Asked for by the request: the connection ends after it too.
    expect((await http.get('/', { headers: { Connection: 'close' }, read: 'text' })).body).toBe('hello')
    expect((await http.get('/', { read: 'text' })).body).toBe('hello')
    expect(server.sockets.size).toBe(3)
    await http.close()
  })

  it('fails a response the server aborts midway with UND_ERR_SOCKET, and the next request succeeds', async () => {
    const http = createHttpClient({ baseUrl: server.base, connections: 1 })
    await expect(http.get('/abort')).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' })
    expect((await http.get('/', { read: 'text' })).body).toBe('hello')
    await http.close()
  })

  it('reports a refused connection with the socket error code', async () => {
    const closed = createTcpServer()
    const baseUrl = await listenLocally(closed)
    closed.close()
    await once(closed, 'close')
    const http = createHttpClient({ baseUrl })
    await expect(http.get('/')).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    await http.close()
  })

  it('reads a body that ends with the connection, then connects again', async () => {
    const raw = createTcpServer((socket) => {
      socket.once('data', () =>
        socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the end'),
      )
    })
    const http = createHttpClient({ baseUrl: await listenLocally(raw) })
    expect((await http.get('/', { read: 'text' })).body).toBe('until the end')
    expect((await http.get('/', { read: 'text' })).body).toBe('until the end')
    await http.close()
    raw.close()
  })

  describe('a server that stops reading the request and ends its side of the connection', () => {
    // More than the loopback socket buffers take (about 3 MB here), so the request's bytes are
    // still unsent when the server's FIN arrives: the socket then ends but never closes.
    const upload = Buffer.alloc(16 * 1024 * 1024, 'u')
    const halfClosing = async (reply: string) => {
      const raw = createTcpServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => {
        socket.on('error', () => {})
        socket.end(reply)
      })
      const baseUrl = await listenLocally(raw)
      return { baseUrl, close: () => raw.close() }
    }

    it('fails a response cut short by the end with UND_ERR_SOCKET instead of waiting forever', async () => {
      const server = await halfClosing('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly part')
      const http = createHttpClient({ baseUrl: server.baseUrl, connections: 1 })
      await expect(http.post('/', upload)).rejects.toMatchObject({
        code: 'UND_ERR_SOCKET',
        message: 'other side closed',
      })
      await expect(http.post('/', upload)).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' })
      await http.close()
      server.close()
    })

    it('reads a body framed by the end of the connection to that end', async () => {
      const server = await halfClosing('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the end')
      const http = createHttpClient({ baseUrl: server.baseUrl })
      expect((await http.post('/', upload, { read: 'text' })).body).toBe('until the end')
      await http.close()
      server.close()
    })

    it('counts each such request as a UND_ERR_SOCKET error of its iteration', async () => {
      const server = await halfClosing('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 50\r\n\r\n')
      const http = createHttpClient({ baseUrl: server.baseUrl, connections: 1 })
      const report = await runLoadTest({
        scenarios: [{ name: 'upload', run: (ctx) => http.post('/', upload, { signal: ctx.signal }) }],
        executor: { type: 'constant-vus', vus: 1, duration: '1m', iterations: 2 },
      })
      await http.close()
      server.close()
      expect(report.scenarios.upload!.error_types).toEqual({
        UND_ERR_SOCKET: { count: 2, samples: ['other side closed'] },
      })
    })
  })

  it('fails the request, not the process, when okStatus throws', async () => {
    const http = createHttpClient({ baseUrl: server.base })
    const pending = http.get('/', {
      okStatus: () => {
        throw new RangeError('picky')
      },
    })
    await expect(pending).rejects.toThrow('picky')
    expect((await http.get('/', { read: 'text' })).body).toBe('hello')
    await http.close()
  })

  it('fails a garbled response with an HPE_ parser error', async () => {
    const raw = createTcpServer((socket) => {
      socket.on('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: banana\r\n\r\n'))
    })
    const http = createHttpClient({ baseUrl: await listenLocally(raw) })
    await expect(http.get('/')).rejects.toMatchObject({ code: 'HPE_INVALID_CONTENT_LENGTH' })
    await http.close()
    raw.close()
  })

  it('fails a request whose server stays silent for 300 s with UND_ERR_HEADERS_TIMEOUT', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const silent = createTcpServer(() => {})
    const baseUrl = await listenLocally(silent)
    const arrived = once(silent, 'connection')
    try {
      const http = createHttpClient({ baseUrl })
      const pending = http.get('/')
      await arrived
      vi.advanceTimersByTime(299_000)
      const early = await Promise.race([
        pending.then(
          () => 'settled',
          () => 'settled',
        ),
        Promise.resolve('waiting'),
      ])
      expect(early).toBe('waiting')
      vi.advanceTimersByTime(2_000)
      await expect(pending).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' })
      await http.close()
    } finally {
      vi.useRealTimers()
      silent.close()
    }
  })

  it('sends bodies, default and per-request headers, and the Host of the base URL', async () => {
    const http = createHttpClient({
      baseUrl: `${server.base}/`,
      headers: { 'x-default': 'd', 'x-over': 'default' },
    })
    type Echo = { method: string; headers: Record<string, string>; body: string }
    const posted = await http.post<Echo>('/echo', 'héllo', { read: 'json', headers: { 'x-over': 'mine' } })
    expect(posted.body).toMatchObject({
      method: 'POST',
      body: 'héllo',
      headers: {
        host: server.base.slice('http://'.length),
        'x-default': 'd',
        'x-over': 'mine',
        'content-length': '6',
      },
    })
    const bytes = await http.request<Echo>({
      method: 'PUT',
      path: '/echo',
      body: new Uint8Array([104, 105]),
      read: 'json',
    })
    expect(bytes.body).toMatchObject({ method: 'PUT', body: 'hi' })
    const empty = await http.request<Echo>({ method: 'POST', path: '/echo', read: 'json' })
    expect(empty.body.headers['content-length']).toBe('0')
    const get = await http.get<Echo>('/echo', { read: 'json' })
    expect(get.body.headers['content-length']).toBeUndefined()
    await http.close()
  })

  it('refuses what undici refuses (header injection, framing headers), with its error codes', async () => {
    const http = createHttpClient({ baseUrl: server.base })
    const refused = [
      { path: '/', headers: { 'x-evil': 'a\r\nx-injected: 1' } },
      { path: '/', headers: { 'bad name': 'x' } },
      { path: '/', headers: { 'transfer-encoding': 'chunked' } },
      { path: '/with space' },
      { path: 'no-slash' },
      { method: 'G E T', path: '/' },
      { path: '/', headers: { 'content-length': '9' }, body: 'four' },
    ]
    for (const request of refused) {
      await expect(http.request(request), JSON.stringify(request)).rejects.toMatchObject({
        code: expect.stringMatching(/^UND_ERR_/),
      })
    }
    await expect(http.get('/', { headers: { expect: '100-continue' } })).rejects.toMatchObject({
      code: 'UND_ERR_NOT_SUPPORTED',
    })
    expect((await http.get('/', { read: 'text' })).body).toBe('hello')
    await http.close()
  })

  it('drops the connection of a request aborted in flight and serves the next one on a new one', async () => {
    const http = createHttpClient({ baseUrl: server.base, connections: 1 })
    const controller = new AbortController()
    const pending = http.get('/large', { signal: controller.signal })
    controller.abort(new Error('enough'))
    await expect(pending).rejects.toThrow('enough')
    expect((await http.get('/', { read: 'text' })).body).toBe('hello')
    await http.close()
  })
})
