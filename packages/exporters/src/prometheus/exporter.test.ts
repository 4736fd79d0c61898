import { execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { get as httpGet, request } from 'node:http'
import { get as httpsGet } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { MetricSnapshot, TelemetryError } from '@foundation-telemetry/core'
import { afterEach, describe, expect, it } from 'vitest'
import { createPrometheusExporter, type PrometheusExporter, type PrometheusTelemetry } from '../prometheus.ts'

interface Recorded {
  name: string
  tags: Record<string, string>
  value: number
}

// A stand-in for a telemetry instance: `collect` returns what the test put there, and what the
// exporter reports about itself is recorded.
function fakeTelemetry(snapshots: () => MetricSnapshot[]) {
  const errors: TelemetryError[] = []
  const events: Array<{ event: string; measurements: unknown; metadata: unknown }> = []
  const waiters: Array<{ count: number; resolve: () => void }> = []
  const recorded: Recorded[] = []
  const instrument = (name: string) => ({
    bind: (tags: Record<string, string>) => ({
      add: (value: number) => recorded.push({ name, tags, value }),
      set: (value: number) => recorded.push({ name, tags, value }),
    }),
  })
  const telemetry = {
    resource: { 'service.name': 'unit' },
    reportError: (error: TelemetryError) => errors.push(error),
    execute: (event: string, measurements?: unknown, metadata?: unknown) => {
      events.push({ event, measurements, metadata })
      for (const waiter of waiters) if (events.length >= waiter.count) waiter.resolve()
    },
    metrics: { collect: () => snapshots(), counter: instrument, gauge: instrument },
  } as unknown as PrometheusTelemetry
  // Resolves once `count` events have been emitted: the scrape event fires when the response
  // closes, which can trail the client's 'end'.
  const eventsEmitted = (count: number) =>
    new Promise<void>((resolve) => {
      if (events.length >= count) resolve()
      else waiters.push({ count, resolve })
    })
  return { telemetry, errors, events, recorded, eventsEmitted }
}

const gauge: MetricSnapshot = {
  name: 'app.items',
  kind: 'gauge',
  unit: '1',
  description: 'Items',
  temporality: 'cumulative',
  monotonic: false,
  series: [{ tags: { k: 'v' }, startTime: 0, time: 0, value: 3 }],
}

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function fetchRaw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const raw = Buffer.concat(chunks)
        const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body.toString('utf8') })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

let open: PrometheusExporter[] = []
afterEach(async () => {
  await Promise.all(open.map((e) => e.close()))
  open = []
})

async function started(exporter: PrometheusExporter) {
  open.push(exporter)
  return exporter.listen({ port: 0 })
}

describe('createPrometheusExporter', () => {
  it('serves text by default and OpenMetrics when Prometheus asks for it, with the right Content-Type', async () => {
    const fake = fakeTelemetry(() => [gauge])
    const exporter = createPrometheusExporter({ telemetry: fake.telemetry })
    const { url } = await started(exporter)
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)

    const text = await fetchRaw(url)
    expect(text.status).toBe(200)
    expect(text.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(text.body).toBe(exporter.serialize('text'))
    expect(text.body).toContain('app_items{k="v"} 3\n')

    const accept =
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,' +
      'text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
    const om = await fetchRaw(url, { accept, 'accept-encoding': 'gzip' })
    expect(om.headers['content-type']).toBe(exporter.contentType('openmetrics'))
    expect(om.headers['content-encoding']).toBe('gzip')
    expect(om.body).toBe(exporter.serialize('openmetrics'))
    expect(om.body.endsWith('# EOF\n')).toBe(true)

    const textOnly = await fetchRaw(url, { accept: 'application/openmetrics-text;q=0.2,text/plain;q=0.9' })
    expect(textOnly.headers['content-type']).toBe(exporter.contentType('text'))
  })

  it('answers 404 off the path, 405 for other methods, and HEAD without a body', async () => {
    const fake = fakeTelemetry(() => [gauge])
    const { url } = await started(createPrometheusExporter({ telemetry: fake.telemetry, path: '/scrape' }))
    expect(url.endsWith('/scrape')).toBe(true)
    expect((await fetchRaw(url.replace('/scrape', '/metrics'))).status).toBe(404)
    const post = await fetchRaw(url, {}, 'POST')
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD'])
    const head = await fetchRaw(url, {}, 'HEAD')
    expect([head.status, head.body]).toEqual([200, ''])
    expect((await fetchRaw(`${url}?x=1`)).status).toBe(200)
  })

  it('requires the bearer token when configured, with a challenge on 401', async () => {
    const fake = fakeTelemetry(() => [gauge])
    const { url } = await started(
      createPrometheusExporter({ telemetry: fake.telemetry, auth: { bearer: 's3cret' } }),
    )
    const none = await fetchRaw(url)
    expect([none.status, none.headers['www-authenticate']]).toEqual([401, 'Bearer realm="metrics"'])
    expect((await fetchRaw(url, { authorization: 'Bearer wrong' })).status).toBe(401)
    expect((await fetchRaw(url, { authorization: 'Bearer s3cret-and-more' })).status).toBe(401)
    expect((await fetchRaw(url, { authorization: 'bearer s3cret' })).status).toBe(200)
  })

  it('requires basic credentials when configured', async () => {
    const fake = fakeTelemetry(() => [gauge])
    const exporter = createPrometheusExporter({
      telemetry: fake.telemetry,
      auth: { basic: { username: 'prom', password: 'pässword' } },
    })
    const { url } = await started(exporter)
    const basic = (user: string, pass: string) =>
      `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`
    const none = await fetchRaw(url)
    expect([none.status, none.headers['www-authenticate']]).toEqual([
      401,
      'Basic realm="metrics", charset="UTF-8"',
    ])
    expect((await fetchRaw(url, { authorization: basic('prom', 'password') })).status).toBe(401)
    expect((await fetchRaw(url, { authorization: basic('prom', 'pässword') })).status).toBe(200)
  })

  it('serves HTTPS when given a key and certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prom-tls-'))
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      )
      const cert = readFileSync(join(dir, 'cert.pem'))
      const fake = fakeTelemetry(() => [gauge])
      const exporter = createPrometheusExporter({
        telemetry: fake.telemetry,
        tls: { key: readFileSync(join(dir, 'key.pem')), cert },
      })
      const { url } = await started(exporter)
      expect(url.startsWith('https://127.0.0.1:')).toBe(true)
      const req = httpsGet(url, { ca: cert, checkServerIdentity: () => undefined })
      const [res] = (await once(req, 'response')) as [import('node:http').IncomingMessage]
      const chunks: Buffer[] = []
      for await (const chunk of res) chunks.push(chunk as Buffer)
      expect(Buffer.concat(chunks).toString()).toContain('app_items{k="v"} 3')
      // Plain HTTP against the TLS port must not be served metrics.
      const plain = httpGet(url.replace('https:', 'http:'))
      const outcome = await Promise.race([
        once(plain, 'error').then(() => 'error'),
        once(plain, 'response').then(([r]) => `status ${(r as { statusCode: number }).statusCode}`),
      ])
      expect(outcome).not.toBe('status 200')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('turns a failing collection into a 500 and a report, never a throw', async () => {
    let broken = false
    const fake = fakeTelemetry(() => {
      if (broken) throw new Error('engine exploded')
      return [gauge]
    })
    const exporter = createPrometheusExporter({ telemetry: fake.telemetry })
    const { url } = await started(exporter)
    broken = true
    expect(exporter.serialize('openmetrics')).toBe('# EOF\n')
    expect(exporter.serialize()).toBe('')
    expect(await exporter.serializeAsync()).toBe('')
    const res = await fetchRaw(url)
    expect(res.status).toBe(500)
    expect(fake.errors.map((e) => e.code)).toEqual([
      'export_failure',
      'export_failure',
      'export_failure',
      'export_failure',
    ])
    expect(fake.errors[0]?.details).toMatchObject({ exporter: 'prometheus', format: 'openmetrics' })
    expect(fake.recorded.filter((r) => r.name === 'telemetry.exporter.failed').map((r) => r.value)).toEqual([
      1, 1, 1, 1,
    ])
  })

  it('emits telemetry.exporter.scrape and records scrapes, exported series and serialize duration', async () => {
    const fake = fakeTelemetry(() => [gauge, { ...gauge, name: 'app.other' }])
    const exporter = createPrometheusExporter({ telemetry: fake.telemetry, auth: { bearer: 't' } })
    const { url } = await started(exporter)
    await fetchRaw(url, { authorization: 'Bearer t' })
    await fetchRaw(url)
    await fake.eventsEmitted(2)
    const byStatus = [...fake.events].sort(
      (a, b) =>
        (a.metadata as { status_code: number }).status_code -
        (b.metadata as { status_code: number }).status_code,
    )
    expect(byStatus.map((e) => [e.event, e.metadata])).toEqual([
      ['telemetry.exporter.scrape', { exporter: 'prometheus', format: 'text', status_code: 200 }],
      ['telemetry.exporter.scrape', { exporter: 'prometheus', format: 'text', status_code: 401 }],
    ])
    expect(byStatus[0]?.measurements).toMatchObject({ series: 2 })
    const scrapes = fake.recorded.filter((r) => r.name === 'telemetry.exporter.scrapes')
    expect(scrapes.map((r) => r.tags.code).sort()).toEqual(['200', '401'])
    const exported = fake.recorded.filter((r) => r.name === 'telemetry.exporter.exported')
    expect(exported.map((r) => [r.tags, r.value])).toEqual([
      [{ exporter: 'prometheus', signal: 'metrics' }, 2],
    ])
    const duration = fake.recorded.filter((r) => r.name === 'telemetry.exporter.serialize_duration')
    expect(duration).toHaveLength(1)
    expect(duration[0]?.value).toBeGreaterThanOrEqual(0)
  })

  it('rejects listen on a taken port with a report, and close is idempotent', async () => {
    const fake = fakeTelemetry(() => [gauge])
    const first = createPrometheusExporter({ telemetry: fake.telemetry })
    const { port } = await started(first)
    const second = createPrometheusExporter({ telemetry: fake.telemetry })
    await expect(second.listen({ port })).rejects.toThrow(/EADDRINUSE/)
    expect(fake.errors.map((e) => e.details.port)).toEqual([port])
    await first.close()
    await first.close()
    await second.close()
  })

  it('rejects (never throws) listen with unusable TLS material or port, and reports it', async () => {
    const fake = fakeTelemetry(() => [gauge])
    const badTls = createPrometheusExporter({
      telemetry: fake.telemetry,
      tls: { key: 'not a key', cert: 'not a certificate' },
    })
    let listening: Promise<unknown> | undefined
    expect(() => {
      listening = badTls.listen({ port: 0 })
    }).not.toThrow()
    await expect(listening).rejects.toThrow()
    const badPort = createPrometheusExporter({ telemetry: fake.telemetry })
    await expect(badPort.listen({ port: 70_000 })).rejects.toThrow()
    expect(fake.errors.map((e) => e.details.port)).toEqual([0, 70_000])
    open.push(badPort)
    await expect(badPort.listen({ port: 0 })).resolves.toMatchObject({
      url: expect.stringContaining('/metrics'),
    })
    await badTls.close()
  })

  it('close() right after listen() still closes the server once it is bound', async () => {
    const fake = fakeTelemetry(() => [gauge])
    const exporter = createPrometheusExporter({ telemetry: fake.telemetry })
    const listening = exporter.listen({ port: 0 })
    await exporter.close()
    const { url } = await listening
    await expect(fetchRaw(url)).rejects.toThrow(/ECONNREFUSED/)
  })

  it('omits target_info when asked', () => {
    const fake = fakeTelemetry(() => [gauge])
    expect(createPrometheusExporter({ telemetry: fake.telemetry }).serialize()).toContain('target_info{')
    expect(
      createPrometheusExporter({ telemetry: fake.telemetry, targetInfo: false }).serialize(),
    ).not.toContain('target_info')
  })
})
