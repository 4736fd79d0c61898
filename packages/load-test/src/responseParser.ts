/**
 * An incremental HTTP/1.1 response parser for the HTTP helper's own keep-alive client: status
 * line and headers, then a body framed by `Content-Length`, by chunked transfer coding, or by the
 * connection closing; interim (1xx) responses are skipped, and HEAD, 204 and 304 responses have no
 * body. Bytes may arrive split anywhere. It parses one response at a time (the client sends the
 * next request only after this one ended), so bytes past the end of a response are left to the
 * caller. Malformed input throws undici's `HTTPParserError` (codes `HPE_*`), so the report's error
 * categories stay what they were when undici parsed.
 */
import type { IncomingHttpHeaders } from 'node:http'
import { errors } from 'undici'
import { HeadFraming } from './headFraming.ts'
import { protocolError } from './protocolError.ts'

/** Receives one response's parts. */
export interface ResponseSink {
  /** `head`: the head's text (status line and header lines); {@link parseHeaders} reads it. */
  onHead(status: number, head: string): void
  onData(chunk: Buffer): void
}

// Parser states (numbers, not an enum: the sources run under Node's type stripping).
const IDLE = 0
const HEAD = 1
const FIXED = 2
const CHUNK_SIZE = 3
const CHUNK_DATA = 4
const CHUNK_DATA_END = 5
const TRAILERS = 6
const UNTIL_CLOSE = 7

/** undici's default `maxHeaderSize`: a head that grows past it is an error, not a memory sink. */
export const MAX_HEAD_BYTES = 16 * 1024
/** Longest chunk-size or trailer line accepted. */
const MAX_LINE = 4096
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1')
const LF = 0x0a
const CR = 0x0d
const hexSize = /^[0-9a-fA-F]{1,12}[ \t]*(;.*)?$/

/** Parses the responses of one connection, one after another. */
export class ResponseParser {
  /** Whether the connection may carry another request after the response that just ended. */
  keepAlive = true
  private state = IDLE
  private sink: ResponseSink | undefined
  private noBody = false
  private partial: Buffer | undefined
  private remaining = 0
  private line = ''
  private lineBytes = 0
  /** The framing of the head just read: one per parser, reused for every response. */
  private readonly head = new HeadFraming()

  /** True while a response is expected or being read. */
  get busy(): boolean {
    return this.state !== IDLE
  }

  /** True between the end of a response's head and the end of its body. */
  get inBody(): boolean {
    return this.state !== IDLE && this.state !== HEAD
  }

  /** Expect the response to a request; `head`: the request was HEAD (the response has no body). */
  start(sink: ResponseSink, head: boolean): void {
    this.sink = sink
    this.noBody = head
    this.state = HEAD
    this.keepAlive = true
    this.partial = undefined
  }

  /** Forget the response in progress (the connection is gone). */
  reset(): void {
    this.state = IDLE
    this.sink = undefined
    this.partial = undefined
  }

  /**
   * Read `chunk` from `offset`. Returns where it stopped: the chunk's end, or just past the end of
   * the response (then {@link busy} is false). Throws on malformed input.
   */
  execute(chunk: Buffer, offset = 0): number {
    let i = offset
    const n = chunk.length
    while (i < n) {
      switch (this.state) {
        case HEAD:
          i = this.readHead(chunk, i)
          break
        case FIXED:
        case CHUNK_DATA: {
          const take = Math.min(this.remaining, n - i)
          this.sink!.onData(take === n && i === 0 ? chunk : chunk.subarray(i, i + take))
          i += take
          this.remaining -= take
          if (this.remaining === 0) {
            if (this.state === FIXED) this.end()
            else this.beginLine(CHUNK_DATA_END)
          }
          break
        }
        case CHUNK_DATA_END:
          // Exactly CRLF after a chunk's data, checked byte by byte so junk fails at once.
          if (chunk[i] !== (this.lineBytes === 0 ? CR : LF)) {
            throw protocolError('expected CRLF after chunk', 'STRICT')
          }
          i++
          if (++this.lineBytes === 2) this.beginLine(CHUNK_SIZE)
          break
        case CHUNK_SIZE:
        case TRAILERS:
          i = this.readLine(chunk, i)
          break
        case UNTIL_CLOSE:
          this.sink!.onData(i === 0 ? chunk : chunk.subarray(i))
          i = n
          break
        default:
          return i
      }
      // The handlers above move the state; a finished response stops here.
      if ((this.state as number) === IDLE) return i
    }
    return i
  }

  /** The connection closed: true when that ended the response (a body read until close). */
  finish(): boolean {
    if (this.state !== UNTIL_CLOSE) return false
    this.end()
    return true
  }

  private end(): void {
    this.state = IDLE
    this.sink = undefined
  }

  private readHead(chunk: Buffer, i: number): number {
    const partial = this.partial
    if (partial === undefined) {
      const at = chunk.indexOf(CRLFCRLF, i)
      if (at >= 0) {
        this.parseHead(chunk.toString('latin1', i, at))
        return at + 4
      }
      this.keepPartial(chunk.subarray(i))
      return chunk.length
    }
    const joined = Buffer.concat([partial, chunk.subarray(i)])
    const at = joined.indexOf(CRLFCRLF, Math.max(0, partial.length - 3))
    if (at < 0) {
      this.keepPartial(joined)
      return chunk.length
    }
    this.partial = undefined
    this.parseHead(joined.toString('latin1', 0, at))
    return i + at + 4 - partial.length
  }

  private keepPartial(bytes: Buffer): void {
    if (bytes.length > MAX_HEAD_BYTES) throw new errors.HeadersOverflowError()
    // A copy: the socket's chunk may be large, and only the head's bytes are needed.
    this.partial = Buffer.from(bytes)
  }

  /** Parse a head (status line and header lines, without the final empty line). */
  private parseHead(text: string): void {
    if (text.length > MAX_HEAD_BYTES) throw new errors.HeadersOverflowError()
    const head = this.head
    head.read(text)
    const status = head.status
    if (status < 200) {
      // Interim response: its headers are not the response's; the real one follows.
      if (status === 101) throw protocolError('unexpected upgrade', 'INVALID_CONSTANT')
      return
    }
    if (head.transferEncoding && head.contentLength >= 0) {
      // Both framings at once is the shape of a smuggling attempt: refuse it, as llhttp does.
      throw protocolError('content-length with transfer-encoding', 'UNEXPECTED_CONTENT_LENGTH')
    }
    this.keepAlive = head.keepAlive
    this.sink!.onHead(status, text)
    this.beginBody(status, head)
  }

  /** Enter the state that reads the body `head` frames, or end the response when it has none. */
  private beginBody(status: number, head: HeadFraming): void {
    if (this.noBody || status === 204 || status === 304) this.end()
    else if (head.chunked) this.beginLine(CHUNK_SIZE)
    else if (head.transferEncoding) {
      this.keepAlive = false
      this.state = UNTIL_CLOSE
    } else if (head.contentLength > 0) {
      this.remaining = head.contentLength
      this.state = FIXED
    } else if (head.contentLength === 0) this.end()
    else {
      this.keepAlive = false
      this.state = UNTIL_CLOSE
    }
  }

  private beginLine(state: number): void {
    this.state = state
    this.line = ''
    this.lineBytes = 0
  }

  /** Read one CRLF-terminated line of the chunked framing (size or trailer), across chunks. */
  private readLine(chunk: Buffer, i: number): number {
    const at = chunk.indexOf(LF, i)
    const end = at < 0 ? chunk.length : at
    this.lineBytes += end - i
    if (this.lineBytes > MAX_LINE) throw protocolError('chunk line too long', 'INVALID_CHUNK_SIZE')
    this.line += chunk.toString('latin1', i, end)
    if (at < 0) return chunk.length
    const line = this.line
    if (line.length === 0 || line.charCodeAt(line.length - 1) !== 0x0d) {
      throw protocolError('expected CRLF', 'STRICT')
    }
    const content = line.slice(0, -1)
    this.line = ''
    this.lineBytes = 0
    if (this.state === CHUNK_SIZE) {
      if (!hexSize.test(content)) throw protocolError('invalid chunk size', 'INVALID_CHUNK_SIZE')
      const size = Number.parseInt(content, 16)
      if (size === 0) this.state = TRAILERS
      else {
        this.remaining = size
        this.state = CHUNK_DATA
      }
    } else if (content.length === 0) this.end()
    // A trailer field: read past it (trailers are not part of the response the helper returns).
    return at + 1
  }
}

/**
 * The header object of a head {@link ResponseParser} accepted (so every line has a valid name):
 * names lowercased, values trimmed, repeated names as arrays, as Node and undici give them.
 */
export function parseHeaders(head: string): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {}
  const first = head.indexOf('\r\n')
  let pos = first < 0 ? head.length : first + 2
  while (pos < head.length) {
    let end = head.indexOf('\r\n', pos)
    if (end < 0) end = head.length
    const colon = head.indexOf(':', pos)
    addHeader(headers, head.slice(pos, colon).toLowerCase(), head.slice(colon + 1, end).trim())
    pos = end + 2
  }
  return headers
}

/** Add a header as Node and undici do: repeated names become arrays. */
function addHeader(headers: IncomingHttpHeaders, name: string, value: string): void {
  const existing = Object.hasOwn(headers, name) ? (headers as Record<string, unknown>)[name] : undefined
  if (existing === undefined) {
    if (name === '__proto__') {
      Object.defineProperty(headers, name, { value, enumerable: true, configurable: true, writable: true })
    } else (headers as Record<string, unknown>)[name] = value
  } else if (Array.isArray(existing)) existing.push(value)
  else (headers as Record<string, unknown>)[name] = [existing as string, value]
}
