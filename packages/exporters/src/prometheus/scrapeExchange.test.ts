import type { IncomingMessage, ServerResponse } from 'node:http'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { ScrapeRecord } from './httpHandler.ts'
import { type ExchangeDeps, ScrapeExchange } from './scrapeExchange.ts'
import { SharedRender } from './sharedRenders.ts'

/** The part of a `ServerResponse` an exchange writes to, recording what it was given. */
class FakeResponse {
  statusCode = 200
  headersSent = false
  destroyed = false
  headers: Record<string, string> = {}
  body: unknown
  writeHead(status: number, headers: Record<string, string>): this {
    this.statusCode = status
    this.headers = headers
    this.headersSent = true
    return this
  }
  end(body?: unknown): this {
    this.body = body
    return this
  }
}

function setup(deps: Partial<ExchangeDeps> = {}) {
  const res = new FakeResponse()
  const scrapes: ScrapeRecord[] = []
  const errors: unknown[] = []
  const exchange = new ScrapeExchange(res as unknown as ServerResponse, {
    auth: undefined,
    contentType: (format) => `type/${format}`,
    onScrape: (scrape) => void scrapes.push(scrape),
    onError: (error) => void errors.push(error),
    ...deps,
  })
  return { res, exchange, scrapes, errors }
}

const request = (method: string, authorization?: string) =>
  ({ method, headers: { authorization } }) as unknown as IncomingMessage

const rendered = (body: string, ok = true) => {
  const result = { ok, body, series: 3 }
  return { entry: new SharedRender(Promise.resolve(result)), result }
}

describe('ScrapeExchange', () => {
  it('refuses methods other than GET and HEAD with 405 and the allowed methods', () => {
    const t = setup()
    expect(t.exchange.refuse(request('GET'))).toBe(false)
    expect(t.exchange.refuse(request('HEAD'))).toBe(false)
    expect(t.exchange.refuse(request('POST'))).toBe(true)
    expect(t.res.statusCode).toBe(405)
    expect(t.res.headers.allow).toBe('GET, HEAD')
  })

  it('refuses a request without the credentials with 401 and the challenge', () => {
    const auth = { check: (header: string | undefined) => header === 'Bearer s3cret', challenge: 'Bearer' }
    expect(setup({ auth }).exchange.refuse(request('GET', 'Bearer s3cret'))).toBe(false)
    const t = setup({ auth })
    expect(t.exchange.refuse(request('GET', 'Bearer guess'))).toBe(true)
    expect(t.res.statusCode).toBe(401)
    expect(t.res.headers['www-authenticate']).toBe('Bearer')
  })

  it('answers with the body and its length, and HEAD with the length only', () => {
    const { entry, result } = rendered('up 1\n')
    const get = setup()
    get.exchange.answer(entry, result, false, false)
    expect(get.res.headers).toEqual({ 'content-type': 'type/text', 'content-length': '5' })
    expect(String(get.res.body)).toBe('up 1\n')
    const head = setup()
    head.exchange.answer(entry, result, false, true)
    expect(head.res.headers['content-length']).toBe('5')
    expect(head.res.body).toBeUndefined()
  })

  it('answers gzipped when asked, and reports the bytes sent once the response closes', async () => {
    const { entry, result } = rendered('up 1\n'.repeat(100))
    const t = setup()
    t.exchange.format = 'openmetrics'
    t.exchange.answer(entry, result, true, false)
    await entry.gzipped(result.body)
    expect(t.res.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(t.res.body as Buffer).toString('utf8')).toBe(result.body)
    t.exchange.finish()
    expect(t.scrapes).toEqual([
      {
        statusCode: 200,
        format: 'openmetrics',
        bytes: (t.res.body as Buffer).length,
        series: 3,
        duration: expect.any(Number),
      },
    ])
  })

  it('answers 500 when the render failed, counting its series', () => {
    const { entry, result } = rendered('', false)
    const t = setup()
    t.exchange.answer(entry, result, false, false)
    t.exchange.finish()
    expect(t.res.statusCode).toBe(500)
    expect(String(t.res.body)).toBe('serialization failed\n')
    expect(t.scrapes[0]).toMatchObject({ statusCode: 500, series: 3, bytes: 0 })
  })

  it('reports a failure after the response has started without writing over it', () => {
    const t = setup()
    t.res.writeHead(200, {})
    t.exchange.failWith(new Error('late'))
    expect(t.errors).toEqual([new Error('late')])
    expect(t.res.statusCode).toBe(200)
  })

  it('reports, never raises, a throw while answering 500', () => {
    const t = setup()
    t.res.writeHead = () => {
      throw new Error('socket gone')
    }
    expect(() => t.exchange.failWith(new Error('render'))).not.toThrow()
    expect(t.errors).toEqual([new Error('render'), new Error('socket gone')])
  })

  it.each([
    ['plain', false],
    ['gzipped', true],
  ])('reports a throw while answering 200 (%s) and answers 500 instead', async (_, gzipped) => {
    const { entry, result } = rendered('up 1\n')
    const t = setup()
    const writeHead = t.res.writeHead.bind(t.res)
    t.res.writeHead = (status, headers) => {
      if (status === 200) throw new Error('bad header')
      return writeHead(status, headers)
    }
    t.exchange.answer(entry, result, gzipped, false)
    await entry.gzipped(result.body)
    t.exchange.finish()
    expect(t.errors).toEqual([new Error('bad header')])
    expect(t.res.statusCode).toBe(500)
    expect(t.scrapes[0]).toMatchObject({ statusCode: 500, bytes: 0 })
  })
})
