import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { connectionKeepAlive, HeadFraming, isChunked, parseStatusLine } from './headFraming.ts'

function framing(head: string): HeadFraming {
  const f = new HeadFraming()
  f.read(head)
  return f
}

describe('parseStatusLine', () => {
  it('reads the status code of an HTTP/1.1 or HTTP/1.0 status line, with or without a reason', () => {
    expect(parseStatusLine('HTTP/1.1 200 OK', 15)).toBe(200)
    expect(parseStatusLine('HTTP/1.0 404', 12)).toBe(404)
  })

  it('throws an HPE_ parser error for another protocol, a missing space or a non-numeric code', () => {
    for (const line of [
      'HTTP/2.0 200 OK',
      'HTTP/1.1  200',
      'HTTP/1.1 2x0 OK',
      'HTTP/1.1 200OK',
      'HTTP/1.1 099 X',
    ]) {
      expect(() => parseStatusLine(line, line.length)).toThrow(
        expect.objectContaining({ name: 'HTTPParserError', code: expect.stringMatching(/^HPE_/) }),
      )
    }
  })

  it('accepts exactly the three-digit codes from 100 up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), (code) => {
        const line = `HTTP/1.1 ${String(code).padStart(3, '0')} X`
        if (code >= 100) expect(parseStatusLine(line, line.length)).toBe(code)
        else expect(() => parseStatusLine(line, line.length)).toThrow(/invalid status code/)
      }),
    )
  })
})

describe('connectionKeepAlive', () => {
  it('closes on close, alone or among other options', () => {
    expect(connectionKeepAlive('close', false, true)).toBe(false)
    expect(connectionKeepAlive('upgrade, close', false, true)).toBe(false)
  })

  it('keeps an HTTP/1.0 connection open only when told keep-alive', () => {
    expect(connectionKeepAlive('keep-alive', true, false)).toBe(true)
    expect(connectionKeepAlive('te, keep-alive', true, false)).toBe(true)
    expect(connectionKeepAlive('te', true, false)).toBe(false)
  })

  it('leaves an HTTP/1.1 connection as it was for keep-alive or unrelated options', () => {
    expect(connectionKeepAlive('keep-alive', false, true)).toBe(true)
    expect(connectionKeepAlive('keep-alive', false, false)).toBe(false)
    expect(connectionKeepAlive('te, upgrade', false, true)).toBe(true)
  })
})

describe('isChunked', () => {
  it('is true when chunked is the last transfer coding', () => {
    expect(isChunked('chunked')).toBe(true)
    expect(isChunked('gzip, chunked')).toBe(true)
    expect(isChunked('gzip,chunked')).toBe(true)
  })

  it('is false when chunked is absent or not last', () => {
    expect(isChunked('gzip')).toBe(false)
    expect(isChunked('chunked, gzip')).toBe(false)
  })
})

describe('HeadFraming', () => {
  it('reads the status and the framing headers, whatever their case', () => {
    const f = framing(
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCONTENT-LENGTH:  12 \r\nConnection: Close',
    )
    expect(f).toMatchObject({ status: 200, contentLength: 12, chunked: false, transferEncoding: false })
    expect(f.keepAlive).toBe(false)
  })

  it('defaults to keep-alive for HTTP/1.1 and to close for HTTP/1.0', () => {
    expect(framing('HTTP/1.1 204 No Content').keepAlive).toBe(true)
    expect(framing('HTTP/1.0 204 No Content').keepAlive).toBe(false)
  })

  it('forgets the previous head when it reads the next one', () => {
    const f = new HeadFraming()
    f.read('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close')
    expect(f).toMatchObject({ chunked: true, transferEncoding: true, keepAlive: false })
    f.read('HTTP/1.1 304 Not Modified\r\nContent-Length: 0')
    expect(f).toMatchObject({
      status: 304,
      contentLength: 0,
      chunked: false,
      transferEncoding: false,
      keepAlive: true,
    })
  })

  it('accepts a repeated equal content-length and refuses conflicting ones', () => {
    expect(framing('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3').contentLength).toBe(3)
    expect(() => framing('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4')).toThrow(
      /conflicting content-length/,
    )
  })

  it('refuses a non-numeric or over-long content-length', () => {
    expect(() => framing('HTTP/1.1 200 OK\r\nContent-Length: -1')).toThrow(/invalid content-length/)
    expect(() => framing('HTTP/1.1 200 OK\r\nContent-Length: 1234567890123456')).toThrow(
      /invalid content-length/,
    )
  })

  it('refuses a header line without a colon or with a name that is not a token', () => {
    expect(() => framing('HTTP/1.1 200 OK\r\nno colon here')).toThrow(/invalid header line/)
    expect(() => framing('HTTP/1.1 200 OK\r\nbad name: x')).toThrow(/invalid header name/)
  })
})
