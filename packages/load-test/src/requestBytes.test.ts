import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { serializeRequest } from './requestBytes.ts'

const text = fc.string({
  unit: fc.constantFrom('a', ' ', ':', '\r', '\n', '\t', '\u0000', '\u00e9', '\u2028', '\u{1f600}'),
})

describe('serializeRequest', () => {
  it('writes the request line, host, keep-alive, the headers given and a length for bodies', () => {
    const request = serializeRequest('POST', '/items?x=1', 'example.test:8080', { 'X-One': '1' }, 'héllo')
    expect(request.bytes.toString('latin1')).toBe(
      'POST /items?x=1 HTTP/1.1\r\nhost: example.test:8080\r\nconnection: keep-alive\r\nX-One: 1\r\n' +
        'content-length: 6\r\n\r\nh\u00c3\u00a9llo',
    )
    expect(request).toMatchObject({ head: false, close: false })
    expect(serializeRequest('GET', '/', 'h', undefined, undefined).bytes.toString('latin1')).toBe(
      'GET / HTTP/1.1\r\nhost: h\r\nconnection: keep-alive\r\n\r\n',
    )
  })

  it('lets the request set host and connection: close, and marks HEAD', () => {
    const request = serializeRequest('HEAD', '/', 'h', { Host: 'other', Connection: 'close' }, undefined)
    expect(request.bytes.toString('latin1')).toBe(
      'HEAD / HTTP/1.1\r\nhost: other\r\nconnection: close\r\n\r\n',
    )
    expect(request).toMatchObject({ head: true, close: true })
  })

  it('never lets a header value or a path add a line to the request', () => {
    fc.assert(
      fc.property(text, text, (value, path) => {
        const lines = (headers: Record<string, string>, target: string) => {
          try {
            const text = serializeRequest('GET', target, 'h', headers, undefined).bytes.toString('latin1')
            return text.split('\r\n').length
          } catch (error) {
            expect((error as { code?: string }).code).toMatch(/^UND_ERR_/)
            return undefined
          }
        }
        const withHeader = lines({ 'x-value': value }, '/')
        if (withHeader !== undefined) expect(withHeader).toBe(6)
        const withPath = lines({}, `/${path}`)
        if (withPath !== undefined) expect(withPath).toBe(5)
      }),
    )
  })
})
