import { get } from 'node:http'
import { describe, expect, it } from 'vitest'
import type { RequestHandler } from './httpHandler.ts'
import { defaultScrapeServerLimits } from './server.ts'
import {
  createStandaloneServer,
  DEFAULT_PROMETHEUS_HOST,
  DEFAULT_PROMETHEUS_PORT,
  listenAddress,
} from './standaloneServer.ts'

const handler: RequestHandler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' })
  res.end('ok\n')
}

function server(reports: string[] = []) {
  return createStandaloneServer({
    handler,
    path: '/metrics',
    tls: undefined,
    limits: defaultScrapeServerLimits,
    report: (message) => reports.push(message),
  })
}

function fetchText(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    }).on('error', reject)
  })
}

describe('listenAddress', () => {
  it('takes the request first, then the OTEL_EXPORTER_PROMETHEUS_* variables, then loopback:9464', () => {
    expect(listenAddress({}, {})).toEqual({ port: DEFAULT_PROMETHEUS_PORT, host: DEFAULT_PROMETHEUS_HOST })
    const env = { OTEL_EXPORTER_PROMETHEUS_PORT: '9100', OTEL_EXPORTER_PROMETHEUS_HOST: '::1' }
    expect(listenAddress({}, env)).toEqual({ port: 9100, host: '::1' })
    expect(listenAddress({ port: 0, host: '127.0.0.2' }, env)).toEqual({ port: 0, host: '127.0.0.2' })
  })

  it('ignores an unusable port variable and treats an empty host as unset', () => {
    expect(
      listenAddress({ host: '' }, { OTEL_EXPORTER_PROMETHEUS_PORT: 'x', OTEL_EXPORTER_PROMETHEUS_HOST: '' }),
    ).toEqual({ port: DEFAULT_PROMETHEUS_PORT, host: DEFAULT_PROMETHEUS_HOST })
  })
})

describe('the standalone scrape server', () => {
  it('serves the handler on its path, answers a second listen with the same binding, and closes idempotently', async () => {
    const s = server()
    const first = s.listen({ port: 0 })
    expect(s.listen({ port: 0 })).toBe(first)
    const { url, port } = await first
    expect(url).toBe(`http://127.0.0.1:${port}/metrics`)
    expect(await fetchText(url)).toEqual({ status: 200, body: 'ok\n' })
    expect((await fetchText(url.replace('/metrics', '/other'))).status).toBe(404)
    await s.close()
    await s.close()
  })

  it('rejects and reports a port that is taken, and can listen again afterwards', async () => {
    const holder = server()
    const { port } = await holder.listen({ port: 0 })
    const reports: string[] = []
    const s = server(reports)
    await expect(s.listen({ port })).rejects.toThrow(/EADDRINUSE/)
    expect(reports).toEqual([`Prometheus exporter could not listen on 127.0.0.1:${port}`])
    await holder.close()
    await expect(s.listen({ port: 0 })).resolves.toMatchObject({ url: expect.stringContaining('/metrics') })
    await s.close()
  })

  it('closes a server that is still binding once it is bound', async () => {
    const s = server()
    const listening = s.listen({ port: 0 })
    await s.close()
    const { url } = await listening
    await expect(fetchText(url)).rejects.toThrow()
  })
})
