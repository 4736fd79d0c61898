/**
 * What a response head says about the body that follows: the status, whether the connection stays
 * open, and the framing headers (`Content-Length`, `Transfer-Encoding`, `Connection`). Only these
 * are read; the header object is built from the head text when a scenario asks for it (most never
 * do), which halves the parse cost.
 */
import { digits, isToken } from './httpSyntax.ts'
import { protocolError } from './protocolError.ts'

/** The decimal digit at `i`, or NaN. */
function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48
  return d >= 0 && d <= 9 ? d : Number.NaN
}

/**
 * The status code of a head's status line (`text[0, statusEnd)`), at least 100. Throws on any other
 * line than `HTTP/1.0` or `HTTP/1.1`, a space, three digits, then the end or a space.
 */
export function parseStatusLine(text: string, statusEnd: number): number {
  if (
    !text.startsWith('HTTP/1.') ||
    (text[7] !== '1' && text[7] !== '0') ||
    text[8] !== ' ' ||
    (statusEnd > 12 && text[12] !== ' ')
  ) {
    throw protocolError('invalid status line', 'INVALID_CONSTANT')
  }
  const status = digitAt(text, 9) * 100 + digitAt(text, 10) * 10 + digitAt(text, 11)
  if (!(status >= 100)) throw protocolError('invalid status code', 'INVALID_STATUS')
  return status
}

/**
 * Whether the connection stays open after a `Connection` header with `value` (lowercased, trimmed):
 * `close` closes it; `keep-alive` keeps an HTTP/1.0 connection open; `keepAlive` otherwise.
 */
export function connectionKeepAlive(value: string, http10: boolean, keepAlive: boolean): boolean {
  if (value === 'keep-alive') return http10 || keepAlive
  if (value === 'close') return false
  let result = keepAlive
  for (const token of value.split(',')) {
    const option = token.trim()
    if (option === 'close') result = false
    else if (option === 'keep-alive' && http10) result = true
  }
  return result
}

/** Whether a `Transfer-Encoding` value (lowercased, trimmed) ends with the chunked coding. */
export function isChunked(value: string): boolean {
  return value === 'chunked' || value.slice(value.lastIndexOf(',') + 1).trim() === 'chunked'
}

/** A header value `text[start, end)`, trimmed and lowercased. */
function lowerValue(text: string, start: number, end: number): string {
  return text.slice(start, end).trim().toLowerCase()
}

/**
 * The framing of one response head. A parser keeps one and reads every head into it, so reading a
 * head allocates no object per response.
 */
export class HeadFraming {
  /** The status code. */
  status = 0
  /** Whether the connection may carry another request after this response. */
  keepAlive = true
  /** The `Content-Length`, or -1 without one. */
  contentLength = -1
  /** Whether the body is chunked (the last transfer coding is `chunked`). */
  chunked = false
  /** Whether a `Transfer-Encoding` header was present. */
  transferEncoding = false

  /** Read a head (status line and header lines, without the final empty line). Throws on malformed input. */
  read(text: string): void {
    const lineEnd = text.indexOf('\r\n')
    this.status = parseStatusLine(text, lineEnd < 0 ? text.length : lineEnd)
    const http10 = text[7] === '0'
    this.keepAlive = !http10
    this.contentLength = -1
    this.chunked = false
    this.transferEncoding = false
    let pos = lineEnd < 0 ? text.length : lineEnd + 2
    while (pos < text.length) pos = this.readHeaderLine(text, pos, http10)
  }

  /** Read the header line at `pos`; returns where the next one starts. */
  private readHeaderLine(text: string, pos: number, http10: boolean): number {
    let end = text.indexOf('\r\n', pos)
    if (end < 0) end = text.length
    const colon = text.indexOf(':', pos)
    if (colon < 0 || colon > end) throw protocolError('invalid header line', 'INVALID_HEADER_TOKEN')
    if (!isToken(text, pos, colon)) throw protocolError('invalid header name', 'INVALID_HEADER_TOKEN')
    const length = colon - pos
    // The lengths of the three framing names: other headers are not even sliced.
    if (length === 14 || length === 17 || length === 10) {
      this.readFramingHeader(text.slice(pos, colon).toLowerCase(), text, colon + 1, end, http10)
    }
    return end + 2
  }

  private readFramingHeader(name: string, text: string, start: number, end: number, http10: boolean): void {
    if (name === 'content-length') {
      const value = text.slice(start, end).trim()
      if (!digits.test(value) || value.length > 15) {
        throw protocolError('invalid content-length', 'INVALID_CONTENT_LENGTH')
      }
      const parsed = Number(value)
      if (this.contentLength >= 0 && this.contentLength !== parsed) {
        throw protocolError('conflicting content-length', 'UNEXPECTED_CONTENT_LENGTH')
      }
      this.contentLength = parsed
    } else if (name === 'transfer-encoding') {
      this.transferEncoding = true
      this.chunked = isChunked(lowerValue(text, start, end))
    } else if (name === 'connection') {
      this.keepAlive = connectionKeepAlive(lowerValue(text, start, end), http10, this.keepAlive)
    }
  }
}
