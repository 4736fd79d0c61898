import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import {
  createManualClock,
  createTelemetry,
  type ReadableSpan,
  type SpanProcessor,
} from '@foundation-telemetry/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROMTOOL } from '../../../tooling/testing/promqlCheck.ts'
import { runCommand } from '../../../tooling/testing/runCommand.ts'
import { type Demo, startDemo } from '../src/demo.ts'

interface Chain {
  request: ReadableSpan
  lookup: ReadableSpan
  breaker: ReadableSpan
  attempt: ReadableSpan
}

// Collects ended spans and resolves once one request has the full tree:
// demo.request -> registry lookup, and demo.request -> breaker call -> retry attempt.
function chainCollector() {
  const ended = new Map<string, ReadableSpan>()
  let resolve!: (chain: Chain) => void
  const chain = new Promise<Chain>((r) => {
    resolve = r
  })
  const childOf = (parent: ReadableSpan, name: string) =>
    [...ended.values()].find((s) => s.name === name && s.parentSpanId === parent.spanContext.spanId)
  const processor: SpanProcessor = {
    onStart() {},
    onEnd(span) {
      if (ended.size < 5000) ended.set(span.spanContext.spanId, span)
      if (span.name !== 'demo.request') return
      const lookup = childOf(span, 'foundation.process_registry.lookup')
      const breaker = childOf(span, 'foundation.circuit_breaker.call')
      const attempt = breaker === undefined ? undefined : childOf(breaker, 'foundation.retry.attempt')
      if (lookup !== undefined && breaker !== undefined && attempt !== undefined) {
        resolve({ request: span, lookup, breaker, attempt })
      }
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  }
  return { processor, chain }
}

async function get(url: string): Promise<{ status: number; type: string | null; body: string }> {
  const res = await fetch(url)
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() }
}

describe('the demo, in process', () => {
  let demo: Demo
  let chain: Promise<Chain>

  beforeAll(async () => {
    const t = createTelemetry({ service: 'demo-test', layer: 'foundation' })
    const collector = chainCollector()
    t.addSpanProcessor(collector.processor)
    chain = collector.chain
    demo = await startDemo({ port: 0, telemetry: t, env: {}, workload: { rate: 200, seed: 7 } })
  })

  afterAll(async () => {
    await demo?.stop()
  })

  it('produces spans with real parent/child structure', async () => {
    const { request, lookup, breaker, attempt } = await chain
    const traceId = request.spanContext.traceId
    expect(request.parentSpanId).toBeUndefined()
    for (const child of [lookup, breaker, attempt]) expect(child.spanContext.traceId).toBe(traceId)
    expect(lookup.parentSpanId).toBe(request.spanContext.spanId)
    expect(breaker.parentSpanId).toBe(request.spanContext.spanId)
    expect(attempt.parentSpanId).toBe(breaker.spanContext.spanId)
    expect(attempt.attributes).toMatchObject({ attempt: 1, max_attempts: 3 })
  })

  it('serves at least 20 series on /metrics, in the text format Prometheus reads', async () => {
    await chain
    const metrics = await get(`${demo.url}/metrics`)
    expect(metrics.status).toBe(200)
    expect(metrics.type).toBe('text/plain; version=0.0.4; charset=utf-8')
    const series = metrics.body.split('\n').filter((line) => line !== '' && !line.startsWith('#'))
    expect(series.length).toBeGreaterThanOrEqual(20)
    for (const family of [
      'demo_requests_total',
      'foundation_process_registry_lookups_total',
      'foundation_process_registry_lookup_latency_seconds_bucket',
      'foundation_circuit_breaker_calls_total',
      'foundation_retry_attempts_total',
      'foundation_rate_limiter_allowed_total',
      'target_info',
    ]) {
      expect(series.some((line) => line.startsWith(family))).toBe(true)
    }
    const { code, output: findings } = await runCommand(PROMTOOL, ['check', 'metrics'], {
      input: metrics.body,
    })
    expect({ code, findings }).toEqual({ code: 0, findings: '' })
  })

  it('answers /healthz, /api/summary and the live page', async () => {
    await chain
    const health = await get(`${demo.url}/healthz`)
    expect([health.status, JSON.parse(health.body)]).toEqual([200, { status: 'ok' }])
    const summary = JSON.parse((await get(`${demo.url}/api/summary`)).body)
    expect(summary.service).toBe('demo-test')
    expect(summary.requests.total).toBeGreaterThan(0)
    expect(Object.keys(summary.breakers).sort()).toEqual(['llm-gateway', 'vector-store'])
    expect(summary.registry.processes).toBe(50)
    const page = await get(`${demo.url}/`)
    expect(page.type).toBe('text/html; charset=utf-8')
    expect(page.body).toContain('<script src="/assets/dashboard.js"></script>')
    const script = await get(`${demo.url}/assets/dashboard.js`)
    expect([script.status, script.type]).toEqual([200, 'text/javascript; charset=utf-8'])
    expect(script.body).toContain("new EventSource('/api/stream')")
    const uplot = await get(`${demo.url}/assets/uPlot.iife.min.js`)
    expect(uplot.status).toBe(200)
    expect((await get(`${demo.url}/nope`)).status).toBe(404)
  })

  it('answers 405 to anything but GET and HEAD, on every path', async () => {
    for (const path of ['/', '/metrics', '/healthz', '/api/summary', '/nope']) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const res = await fetch(`${demo.url}${path}`, { method })
        expect([path, method, res.status, res.headers.get('allow')]).toEqual([path, method, 405, 'GET, HEAD'])
      }
    }
    expect((await fetch(`${demo.url}/healthz`, { method: 'HEAD' })).status).toBe(200)
  })

  it("sends the security headers everywhere, with a CSP that admits only the demo's own scripts and styles", async () => {
    for (const path of [
      '/',
      '/metrics',
      '/healthz',
      '/api/summary',
      '/api/traces',
      '/assets/dashboard.js',
      '/nope',
    ]) {
      const res = await fetch(`${demo.url}${path}`)
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('content-security-policy'), path).toContain("default-src 'none'")
    }
    const page = await fetch(`${demo.url}/`)
    const policy = page.headers.get('content-security-policy') ?? ''
    const html = await page.text()
    // The page has no inline code: every script and style is a file the demo serves.
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<style>')
    expect(policy).toContain("script-src 'self'")
    expect(policy).toContain("style-src 'self'")
    expect(policy).toContain("connect-src 'self'")
    expect(policy).not.toContain('unsafe-inline')
  })

  it('takes notifications by POST only on the webhook routes, and 405s other writes', async () => {
    const post = (path: string, body: string) =>
      fetch(`${demo.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
    const alert = {
      status: 'firing',
      receiver: 'test',
      alerts: [{ status: 'firing', labels: { alertname: 'X' } }],
    }
    expect((await post('/api/alertmanager', JSON.stringify(alert))).status).toBe(200)
    expect(demo.notifications.recent()[0]?.alerts[0]).toEqual({ name: 'X', state: 'firing' })
    expect((await post('/api/alertmanager', 'not json')).status).toBe(400)
    expect((await fetch(`${demo.url}/api/alertmanager`)).status).toBe(405)
    expect((await post('/api/summary', '{}')).status).toBe(405)
  })
})

describe('the demo CLI', () => {
  const bin = fileURLToPath(new URL('../bin/demo.mjs', import.meta.url))
  const env = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '' }
  /** Runs the demo CLI with `args` until it exits. */
  const runDemo = (...args: string[]) => runCommand(process.execPath, [bin, ...args], { env })

  it('runs with --port 0 --duration 1, prints where to look, and exits 0', async () => {
    const { code, stdout, stderr } = await runDemo('--port', '0', '--duration', '1')
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(stdout).toMatch(/Metrics: {3}http:\/\/127\.0\.0\.1:\d+\/metrics/)
    expect(stdout).toContain('Stopped.')
  }, 30_000)
  it('says in one line that the port is in use and suggests --port 0', async () => {
    const busy = createServer()
    busy.listen(0, '127.0.0.1')
    await once(busy, 'listening')
    const port = String((busy.address() as AddressInfo).port)
    const { code, stderr } = await runDemo('--port', port)
    busy.close()
    expect(code).toBe(1)
    expect(stderr).toBe(
      `Port ${port} on 127.0.0.1 is already in use: pass --port N for another, or --port 0 for a free one.\n`,
    )
  }, 30_000)
  it('shuts down cleanly on SIGTERM: flushes, prints Stopped., exits 0', async () => {
    const child = spawn(process.execPath, [bin, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env })
    let stdout = ''
    const ready = new Promise<void>((resolve) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString()
        if (stdout.includes('Ctrl-C to stop.')) resolve()
      })
    })
    const exit = once(child, 'exit')
    await ready
    child.kill('SIGTERM')
    const [code] = await exit
    expect(code).toBe(0)
    expect(stdout).toContain('Stopping (SIGTERM)')
    expect(stdout).toContain('Stopped.')
  }, 30_000)
})

describe('the demo with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  it('exports its spans and metrics over OTLP/HTTP and flushes them on stop', async () => {
    const received: Array<{ path: string; body: unknown }> = []
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{}')
      })
    })
    receiver.listen(0, '127.0.0.1')
    await once(receiver, 'listening')
    const { port } = receiver.address() as AddressInfo
    try {
      const t = createTelemetry({ service: 'demo-otlp-test' })
      const collector = chainCollector()
      t.addSpanProcessor(collector.processor)
      const demo = await startDemo({
        port: 0,
        telemetry: t,
        env: {
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
        },
        workload: { rate: 200, seed: 3 },
      })
      expect(demo.otlp?.endpoints).toEqual({
        traces: `http://127.0.0.1:${port}/v1/traces`,
        metrics: `http://127.0.0.1:${port}/v1/metrics`,
        logs: `http://127.0.0.1:${port}/v1/logs`,
      })
      await collector.chain
      await demo.stop()
      const spanNames = new Set<string>()
      for (const { path, body } of received) {
        if (path !== '/v1/traces') continue
        const request = body as {
          resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }>
        }
        for (const rs of request.resourceSpans)
          for (const ss of rs.scopeSpans) for (const span of ss.spans) spanNames.add(span.name)
      }
      expect(spanNames).toContain('demo.request')
      expect(spanNames).toContain('foundation.retry.attempt')
      expect(received.some((r) => r.path === '/v1/metrics')).toBe(true)
    } finally {
      receiver.close()
    }
  }, 30_000)
})

describe('the demo when its port is taken', () => {
  it('rejects and leaves no workload or exporter timer running', async () => {
    const taken = createServer()
    taken.listen(0, '127.0.0.1')
    await once(taken, 'listening')
    const { port } = taken.address() as AddressInfo
    const clock = createManualClock()
    const telemetry = createTelemetry({ clock, env: {} })
    // The unreachable collector is retried with backoff on the manual clock: drive it on.
    telemetry.attach('advance-backoff', 'telemetry.exporter.retry', (_event, measurements) => {
      queueMicrotask(() => clock.advance(Number(measurements.delay)))
    })
    try {
      await expect(
        startDemo({
          port,
          clock,
          telemetry,
          env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' },
          runtimeMetrics: false,
          // No registrations: they wait on the manual clock.
          workload: { processes: 0 },
        }),
      ).rejects.toThrow(/EADDRINUSE/)
      expect(clock.pendingTimers()).toBe(0)
    } finally {
      taken.close()
    }
  })
})
