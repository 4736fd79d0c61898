import { once } from 'node:events'
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { expressRoute, fastifyRoute, instrumentHttp, nameHttpRoute } from '../src/http.ts'
import { createTelemetry } from '../src/telemetry.ts'
import { type ReadableSpan, SpanKind } from '../src/types.ts'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function setup(handler: Handler, options: Parameters<typeof instrumentHttp>[1] = {}) {
  const t = createTelemetry({ env: {}, service: 'api' })
  const spans: ReadableSpan[] = []
  t.addSpanProcessor(recording(spans))
  const dispose = instrumentHttp(t, options)
  const server = http.createServer(handler)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  cleanups.push(dispose, () => new Promise((resolve) => server.close(resolve)))
  return { t, spans, port, base: `http://127.0.0.1:${port}` }
}

const waiters = new Set<() => void>()

/** A span processor that records ended spans and wakes the tests waiting for them. */
function recording(spans: ReadableSpan[]) {
  return {
    onStart() {},
    onEnd(span: ReadableSpan) {
      spans.push(span)
      for (const wake of [...waiters]) wake()
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  }
}

/** Resolves when `count` spans of `kind` have ended (the server span ends after the client saw the response). */
function spansEnded(spans: ReadableSpan[], kind: number, count: number): Promise<ReadableSpan[]> {
  return new Promise((resolve) => {
    const check = () => {
      const found = spans.filter((s) => s.kind === kind)
      if (found.length < count) return
      waiters.delete(check)
      resolve(found)
    }
    waiters.add(check)
    check()
  })
}

describe('instrumentHttp: node:http servers', () => {
  it('makes a SERVER span with the semantic-convention attributes, active in the handler', async () => {
    let activeInHandler: string | undefined
    const { t, spans, base, port } = await setup((req, res) => {
      activeInHandler = t.activeSpan()?.spanContext().spanId
      nameHttpRoute(req, '/users/:id')
      res.statusCode = 201
      res.end('ok')
    })
    const response = await fetch(`${base}/users/7?x=1`, { headers: { 'user-agent': 'probe/1' } })
    expect(await response.text()).toBe('ok')
    const [server] = await spansEnded(spans, SpanKind.SERVER, 1)
    expect(server?.name).toBe('GET /users/:id')
    expect(server?.spanContext.spanId).toBe(activeInHandler)
    expect(server?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/users/:id',
      'http.response.status_code': 201,
      'url.path': '/users/7',
      'url.scheme': 'http',
      'server.address': '127.0.0.1',
      'server.port': port,
      'network.protocol.version': '1.1',
      'user_agent.original': 'probe/1',
    })
    expect(server?.attributes['url.query']).toBeUndefined()
    expect(server?.status.code).toBe(0)
  })

  it('continues the caller trace from traceparent', async () => {
    const { spans, base } = await setup((_req, res) => res.end())
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
    await (await fetch(base, { headers: { traceparent } })).text()
    const [server] = await spansEnded(spans, SpanKind.SERVER, 1)
    expect(server?.spanContext.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736')
    expect(server?.parentSpanId).toBe('00f067aa0ba902b7')
  })

  it('marks 5xx responses as errors and records http.server.request.duration by route and status', async () => {
    const { t, spans, base } = await setup((req, res) => {
      nameHttpRoute(req, '/fail')
      res.statusCode = 503
      res.end()
    })
    await (await fetch(`${base}/fail`)).text()
    const [server] = await spansEnded(spans, SpanKind.SERVER, 1)
    expect(server?.status.code).toBe(2)
    expect(server?.attributes['error.type']).toBe('503')
    const metric = t.metrics.collect().find((m) => m.name === 'http.server.request.duration')
    expect(metric?.kind).toBe('histogram')
    expect(metric?.unit).toBe('ms')
    expect(metric?.series[0]?.tags).toEqual({
      error_type: '503',
      method: 'GET',
      route: '/fail',
      scheme: 'http',
      status_code: '503',
    })
    expect(metric?.series[0]?.histogram?.count).toBe(1)
  })

  it('leaves ignored requests alone', async () => {
    const { t, spans, base } = await setup((_req, res) => res.end(), {
      ignoreIncoming: ({ path }) => path === '/healthz',
    })
    await (await fetch(`${base}/healthz`)).text()
    await (await fetch(`${base}/other`)).text()
    await spansEnded(spans, SpanKind.SERVER, 1)
    expect(spans.filter((s) => s.kind === SpanKind.SERVER).map((s) => s.attributes['url.path'])).toEqual([
      '/other',
    ])
    expect(
      t.metrics.collect().find((m) => m.name === 'http.server.request.duration')?.series[0]?.histogram?.count,
    ).toBe(1)
  })
})

describe('instrumentHttp: clients', () => {
  it('fetch makes a CLIENT span under the active span and the server continues its trace', async () => {
    const { t, spans, base, port } = await setup((_req, res) => res.end('hi'))
    await t.span('caller', {}, async () => {
      await (await fetch(`${base}/x?secret=1`)).text()
    })
    const [client] = await spansEnded(spans, SpanKind.CLIENT, 1)
    const [server] = await spansEnded(spans, SpanKind.SERVER, 1)
    const caller = spans.find((s) => s.name === 'caller')
    expect(client?.name).toBe('GET')
    expect(client?.parentSpanId).toBe(caller?.spanContext.spanId)
    expect(server?.parentSpanId).toBe(client?.spanContext.spanId)
    expect(server?.spanContext.traceId).toBe(caller?.spanContext.traceId)
    expect(client?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.response.status_code': 200,
      'server.address': '127.0.0.1',
      'server.port': port,
      'url.full': `${base}/x`,
    })
  })

  it('node:http requests make CLIENT spans, inject traceparent, and end with errors', async () => {
    const { t, spans, base } = await setup((_req, res) => {
      res.statusCode = 404
      res.end()
    })
    await t.span('caller', {}, async () => {
      const req = http.request(`${base}/missing`)
      req.end()
      const [res] = (await once(req, 'response')) as [IncomingMessage]
      res.resume()
      await once(res, 'end')
    })
    const [client] = await spansEnded(spans, SpanKind.CLIENT, 1)
    const [server] = await spansEnded(spans, SpanKind.SERVER, 1)
    expect(client?.attributes['http.response.status_code']).toBe(404)
    expect(client?.status.code).toBe(2)
    expect(server?.parentSpanId).toBe(client?.spanContext.spanId)
    // A refused connection ends the span with the error.
    const refused = http.request('http://127.0.0.1:1/')
    refused.on('error', () => {})
    refused.end()
    await once(refused, 'error')
    const failed = await spansEnded(spans, SpanKind.CLIENT, 2)
    expect(failed[1]?.attributes['error.type']).toBe('ECONNREFUSED')
  })

  it("leaves this toolkit's own exporter traffic alone", async () => {
    const { spans, base } = await setup((_req, res) => res.end())
    await (await fetch(base, { headers: { 'user-agent': 'foundation-telemetry-otlp' } })).text()
    await spansEnded(spans, SpanKind.SERVER, 1)
    expect(spans.filter((s) => s.kind === SpanKind.CLIENT)).toEqual([])
  })

  it('stops after dispose', async () => {
    const t = createTelemetry({ env: {} })
    const spans: ReadableSpan[] = []
    t.addSpanProcessor(recording(spans))
    const dispose = instrumentHttp(t)
    dispose()
    dispose()
    const { base } = await setup((_req, res) => res.end())
    await (await fetch(base)).text()
    expect(spans).toEqual([])
  })
})

describe('route naming middlewares', () => {
  it('expressRoute reads baseUrl + route.path when the response finishes', async () => {
    const { spans, base } = await setup((req, res) => {
      expressRoute()(req, res, () => {
        Object.assign(req, { baseUrl: '/api', route: { path: '/items/:id' } })
        res.end()
      })
    })
    await (await fetch(`${base}/api/items/3`)).text()
    const [server] = await spansEnded(spans, SpanKind.SERVER, 1)
    expect(server?.attributes['http.route']).toBe('/api/items/:id')
  })

  it('fastifyRoute names the matched route on the raw request', async () => {
    const { spans, base } = await setup((req, res) => {
      fastifyRoute()({ raw: req, routeOptions: { url: '/orders/:id' } }, {}, () => res.end())
    })
    await (await fetch(`${base}/orders/1`)).text()
    const [server] = await spansEnded(spans, SpanKind.SERVER, 1)
    expect(server?.name).toBe('GET /orders/:id')
  })
})

describe('t.span takes a kind', () => {
  it('starts the span with the given kind', () => {
    const t = createTelemetry({ env: {} })
    const spans: ReadableSpan[] = []
    t.addSpanProcessor(recording(spans))
    t.span('dspex.llm.request', { model: 'm', provider: 'p' }, () => 1, { kind: SpanKind.CLIENT })
    t.span('plain', {}, () => 1)
    expect(spans.map((s) => s.kind)).toEqual([SpanKind.CLIENT, SpanKind.INTERNAL])
  })
})

describe('instrumentHttp: correlation IDs and body sizes', () => {
  it('keeps an incoming X-Correlation-ID through an await chain, a log line, an outgoing fetch, and echoes it', async () => {
    const seenDownstream: Array<{ id: string | undefined; baggage: string | undefined }> = []
    const downstream = http.createServer((req, res) => {
      seenDownstream.push({
        id: req.headers['x-correlation-id'] as string | undefined,
        baggage: req.headers.baggage as string | undefined,
      })
      res.end('down')
    })
    downstream.listen(0, '127.0.0.1')
    await once(downstream, 'listening')
    cleanups.push(() => new Promise((resolve) => downstream.close(resolve)))
    const downstreamUrl = `http://127.0.0.1:${(downstream.address() as AddressInfo).port}/`
    const records: Array<{ body: unknown; attributes: Record<string, unknown> }> = []
    const events: Array<Record<string, unknown>> = []
    let t!: ReturnType<typeof createTelemetry>
    const app = await setup(async (_req, res) => {
      await Promise.resolve()
      await new Promise<void>((resolve) => setImmediate(resolve)) // timer-under-test: context across a macrotask
      t.log('info', 'handling')
      t.execute('app.handled', {}, {})
      await (await fetch(downstreamUrl)).text()
      res.end(t.correlationId() ?? 'none')
    })
    t = app.t
    t.addLogProcessor({
      onEmit: (r) => records.push(r as never),
      forceFlush: async () => {},
      shutdown: async () => {},
    })
    t.attach('handled', 'app.handled', (_e, _m, md) => events.push(md))
    const response = await fetch(`${app.base}/work`, { headers: { 'X-Correlation-ID': 'req-abc-123' } })
    expect(await response.text()).toBe('req-abc-123')
    expect(response.headers.get('x-correlation-id')).toBe('req-abc-123')
    expect(records[0]?.attributes.correlation_id).toBe('req-abc-123')
    expect(events[0]?.correlation_id).toBe('req-abc-123')
    expect(seenDownstream[0]).toEqual({ id: 'req-abc-123', baggage: 'correlation_id=req-abc-123' })
    const [server] = await spansEnded(app.spans, SpanKind.SERVER, 1)
    expect(server?.attributes.correlation_id).toBe('req-abc-123')
  })

  it('generates a correlation ID when none arrives, and refuses unusable ones', async () => {
    const { base } = await setup((_req, res) => res.end('ok'))
    const plain = await fetch(`${base}/`)
    expect(plain.headers.get('x-correlation-id')).toMatch(/^[0-9a-f]{32}$/)
    const forged = await fetch(`${base}/`, { headers: { 'X-Correlation-ID': 'bad id\twith spaces' } })
    expect(forged.headers.get('x-correlation-id')).toMatch(/^[0-9a-f]{32}$/)
    const fromBaggage = await fetch(`${base}/`, {
      headers: { baggage: 'tenant=a,correlation_id=from-baggage' },
    })
    expect(fromBaggage.headers.get('x-correlation-id')).toBe('from-baggage')
  })

  it('records request and response body sizes next to the duration', async () => {
    const { t, spans, base } = await setup((req, res) => {
      req.resume()
      req.on('end', () => {
        res.setHeader('content-length', '5')
        res.end('hello')
      })
    })
    await (await fetch(`${base}/upload`, { method: 'POST', body: 'x'.repeat(1234) })).text()
    const [server] = await spansEnded(spans, SpanKind.SERVER, 1)
    expect(server?.attributes).toMatchObject({ 'http.request.body.size': 1234, 'http.response.body.size': 5 })
    const metric = (name: string) => t.metrics.collect().find((m) => m.name === name)?.series[0]?.histogram
    expect(metric('http.server.request.body.size')).toMatchObject({ count: 1, sum: 1234 })
    expect(metric('http.server.response.body.size')).toMatchObject({ count: 1, sum: 5 })
    expect(metric('http.server.request.duration')?.count).toBe(1)
  })
})
