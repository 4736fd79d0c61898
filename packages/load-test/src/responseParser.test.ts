import type { IncomingHttpHeaders } from 'node:http'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_HEAD_BYTES, parseHeaders, ResponseParser, type ResponseSink } from './responseParser.ts'

interface Message {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

class Recorder implements ResponseSink {
  status = 0
  headers: IncomingHttpHeaders = {}
  chunks: Buffer[] = []
  onHead(status: number, head: string): void {
    this.status = status
    this.headers = parseHeaders(head)
  }
  onData(chunk: Buffer): void {
    this.chunks.push(Buffer.from(chunk))
  }
  message(): Message {
    return { status: this.status, headers: this.headers, body: Buffer.concat(this.chunks) }
  }
}

/** Feed `pieces` to one parser expecting `count` responses; returns them and whether it kept alive. */
function parse(pieces: Buffer[], count: number, head = false): { messages: Message[]; keepAlive: boolean } {
  const parser = new ResponseParser()
  const messages: Message[] = []
  let recorder = new Recorder()
  let keepAlive = true
  parser.start(recorder, head)
  for (const piece of pieces) {
    let offset = 0
    while (offset < piece.length) {
      offset = parser.execute(piece, offset)
      if (!parser.busy) {
        messages.push(recorder.message())
        keepAlive = parser.keepAlive
        if (messages.length === count && offset < piece.length)
          throw new Error('bytes past the last response')
        recorder = new Recorder()
        parser.start(recorder, head)
      }
    }
  }
  return { messages, keepAlive }
}

/** Split `bytes` at the given cut points (any positions, in any order, repeats allowed). */
function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const pieces: Buffer[] = []
  let last = 0
  for (const point of points) {
    pieces.push(bytes.subarray(last, point))
    last = point
  }
  pieces.push(bytes.subarray(last))
  return pieces
}

function chunked(body: Buffer, sizes: number[]): Buffer {
  const parts: Buffer[] = []
  let at = 0
  let i = 0
  while (at < body.length) {
    const size = Math.min(body.length - at, Math.max(1, sizes[i++ % Math.max(1, sizes.length)] ?? 1))
    parts.push(Buffer.from(`${size.toString(16)}${i % 3 === 0 ? ';ext=1' : ''}\r\n`, 'latin1'))
    parts.push(body.subarray(at, at + size), Buffer.from('\r\n'))
    at += size
  }
  parts.push(Buffer.from('0\r\nx-trailer: yes\r\n\r\n'))
  return Buffer.concat(parts)
}

const headerName = fc.stringMatching(/^x-[a-z0-9-]{1,12}$/)
const headerValue = fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/)
const response = fc.record({
  status: fc.constantFrom(200, 201, 202, 203, 206, 400, 404, 500, 503),
  extra: fc.uniqueArray(fc.tuple(headerName, headerValue), { maxLength: 6, selector: ([n]) => n }),
  body: fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)),
  framing: fc.constantFrom('length', 'chunked'),
  sizes: fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }),
  interim: fc.boolean(),
})

type Spec = typeof response extends fc.Arbitrary<infer T> ? T : never

function serialize(spec: Spec): Buffer {
  let head = spec.interim ? 'HTTP/1.1 100 Continue\r\n\r\n' : ''
  head += `HTTP/1.1 ${spec.status} Whatever Reason\r\n`
  for (const [name, value] of spec.extra) head += `${name.toUpperCase()}:  ${value} \r\n`
  const framed = spec.framing === 'chunked' ? chunked(spec.body, spec.sizes) : spec.body
  head +=
    spec.framing === 'chunked' ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${spec.body.length}\r\n`
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), framed])
}

describe('ResponseParser', () => {
  it('reads any keep-alive sequence of responses, whatever the split points, chunked or not', () => {
    fc.assert(
      fc.property(
        fc.array(response, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (specs, cuts) => {
          const bytes = Buffer.concat(specs.map(serialize))
          const { messages, keepAlive } = parse(split(bytes, cuts), specs.length)
          expect(keepAlive).toBe(true)
          expect(messages).toHaveLength(specs.length)
          specs.forEach((spec, i) => {
            const message = messages[i]!
            expect(message.status).toBe(spec.status)
            expect(message.body.equals(spec.body)).toBe(true)
            for (const [name, value] of spec.extra) expect(message.headers[name]).toBe(value)
            if (spec.framing === 'chunked') expect(message.headers['transfer-encoding']).toBe('chunked')
          })
        },
      ),
      { numRuns: 300 },
    )
  })

  it('reads a body that runs until the connection closes, and says the connection ends', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
        fc.array(fc.nat(), { maxLength: 10 }),
        (body, cuts) => {
          const parser = new ResponseParser()
          const recorder = new Recorder()
          parser.start(recorder, false)
          const bytes = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: x\r\n\r\n'), body])
          for (const piece of split(bytes, cuts)) expect(parser.execute(piece)).toBe(piece.length)
          expect(parser.busy).toBe(true)
          expect(parser.finish()).toBe(true)
          expect(parser.keepAlive).toBe(false)
          expect(recorder.message().body.equals(body)).toBe(true)
        },
      ),
    )
  })

  it('gives HEAD, 204 and 304 responses no body, whatever their content-length says', () => {
    const head = parse([Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n')], 1, true)
    expect(head.messages[0]).toMatchObject({ status: 200, body: Buffer.alloc(0) })
    for (const status of [204, 304]) {
      const { messages } = parse([Buffer.from(`HTTP/1.1 ${status} X\r\nContent-Length: 10\r\n\r\n`)], 1)
      expect(messages[0]!.status).toBe(status)
      expect(messages[0]!.body.length).toBe(0)
    }
  })

  it('honours Connection: close and HTTP/1.0 keep-alive rules', () => {
    expect(
      parse([Buffer.from('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')], 1).keepAlive,
    ).toBe(false)
    expect(parse([Buffer.from('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n')], 1).keepAlive).toBe(false)
    expect(
      parse([Buffer.from('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n')], 1)
        .keepAlive,
    ).toBe(true)
  })

  it('collects repeated headers into arrays, as node and undici do', () => {
    const { messages } = parse(
      [Buffer.from('HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nContent-Length: 0\r\n\r\n')],
      1,
    )
    expect(messages[0]!.headers['set-cookie']).toEqual(['a=1', 'b=2'])
  })

  it('stops at the end of a response and leaves the bytes after it to the caller', () => {
    const parser = new ResponseParser()
    parser.start(new Recorder(), false)
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA')
    expect(parser.execute(bytes)).toBe(bytes.length - 5)
    expect(parser.busy).toBe(false)
  })

  it('throws undici parser errors (HPE_*) for malformed responses', () => {
    const bad = [
      'HTTX/1.1 200 OK\r\n\r\n',
      'HTTP/1.1 2x0 OK\r\n\r\n',
      'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n',
      'HTTP/1.1 200 OK\r\nbad name: 1\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXX',
      'HTTP/1.1 101 Switching Protocols\r\n\r\n',
    ]
    for (const text of bad) {
      const parser = new ResponseParser()
      parser.start(new Recorder(), false)
      expect(() => parser.execute(Buffer.from(text, 'latin1')), text).toThrow(
        expect.objectContaining({ name: 'HTTPParserError', code: expect.stringMatching(/^HPE_/) }),
      )
    }
  })

  it('refuses a head that grows past the size limit instead of buffering it', () => {
    const parser = new ResponseParser()
    parser.start(new Recorder(), false)
    parser.execute(Buffer.from('HTTP/1.1 200 OK\r\n'))
    const filler = Buffer.from(`x-filler: ${'a'.repeat(1000)}\r\n`)
    expect(() => {
      for (let i = 0; i <= MAX_HEAD_BYTES / filler.length + 1; i++) parser.execute(filler)
    }).toThrow(expect.objectContaining({ code: 'UND_ERR_HEADERS_OVERFLOW' }))
  })
})
