/**
 * HTTP/1.1 request bytes for the HTTP helper's own keep-alive client, with undici's rules for
 * what a caller may put in a request (a method that is a token, a path without spaces or control
 * characters, header names that are tokens, values without CR/LF, no framing headers the client
 * owns), and undici's error classes when a rule is broken, so a request the helper refused before
 * is refused now with the same error code. A plain request's bytes are built once and reused.
 */
import { errors } from 'undici'
import { digits, isToken } from './httpSyntax.ts'

const badHeaderValue = /[^\t\x20-\x7e\x80-\xff]/
const badPath = /[^\u0021-\u00ff]/

/** Methods whose requests carry a body by definition: they send `content-length: 0` without one. */
const EXPECTS_PAYLOAD = new Set(['PUT', 'POST', 'PATCH', 'QUERY', 'PROPFIND', 'PROPPATCH'])

/** One request, serialized. */
export interface RequestBytes {
  readonly bytes: Buffer
  /** HEAD: the response has no body whatever its headers say. */
  readonly head: boolean
  /** The caller asked for `connection: close`: the connection ends after this response. */
  readonly close: boolean
}

/** Check a method and path as undici does; throws its `InvalidArgumentError`. */
export function checkTarget(method: string, path: string): void {
  if (typeof path !== 'string') throw new errors.InvalidArgumentError('path must be a string')
  if (path[0] !== '/' && !(path.startsWith('http://') || path.startsWith('https://'))) {
    throw new errors.InvalidArgumentError('path must be an absolute URL or start with a slash')
  }
  if (badPath.test(path)) throw new errors.InvalidArgumentError('invalid request path')
  if (typeof method !== 'string') throw new errors.InvalidArgumentError('method must be a string')
  if (!isToken(method, 0, method.length)) throw new errors.InvalidArgumentError('invalid request method')
  if (method === 'CONNECT') throw new errors.NotSupportedError('CONNECT is not supported by the HTTP helper')
}

function headerValue(name: string, value: unknown): string {
  const text = value === null ? '' : typeof value === 'string' ? value : `${value as string}`
  if (badHeaderValue.test(text)) throw new errors.InvalidArgumentError(`invalid ${name} header`)
  return text
}

/**
 * Serialize a request. `headers` are the client's defaults merged with the request's (as an
 * object spread: the request's win on the same key). Throws undici's errors for what undici
 * refuses.
 */
export function serializeRequest(
  method: string,
  path: string,
  host: string,
  headers: Record<string, unknown> | undefined,
  body: string | Uint8Array | undefined,
): RequestBytes {
  checkTarget(method, path)
  let hostValue = host
  let hostSet = false
  let declaredLength: number | undefined
  let close = false
  let lines = ''
  if (headers !== undefined && headers !== null) {
    for (const key of Object.keys(headers)) {
      const raw = headers[key]
      if (raw === undefined) continue
      if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
        throw new errors.InvalidArgumentError(`invalid ${key} header`)
      }
      const name = key.toLowerCase()
      if (!isToken(name, 0, name.length)) throw new errors.InvalidArgumentError('invalid header key')
      if (Array.isArray(raw)) {
        if (name === 'host' || name === 'content-length' || name === 'connection') {
          throw new errors.InvalidArgumentError(`invalid ${name} header`)
        }
      }
      const values = Array.isArray(raw) ? raw.map((v) => headerValue(key, v)) : [headerValue(key, raw)]
      if (name === 'host') {
        if (hostSet) throw new errors.InvalidArgumentError('duplicate host header')
        hostSet = true
        hostValue = values[0]!
      } else if (name === 'content-length') {
        if (declaredLength !== undefined) {
          throw new errors.InvalidArgumentError('duplicate content-length header')
        }
        if (!digits.test(values[0]!)) throw new errors.InvalidArgumentError('invalid content-length header')
        declaredLength = Number.parseInt(values[0]!, 10)
      } else if (name === 'transfer-encoding' || name === 'keep-alive' || name === 'upgrade') {
        throw new errors.InvalidArgumentError(`invalid ${name} header`)
      } else if (name === 'connection') {
        for (const option of values[0]!.toLowerCase().split(',')) {
          const trimmed = option.trim()
          if (!isToken(trimmed, 0, trimmed.length))
            throw new errors.InvalidArgumentError('invalid connection header')
          if (trimmed === 'close') close = true
        }
      } else if (name === 'expect') {
        throw new errors.NotSupportedError('expect header not supported')
      } else {
        for (const value of values) lines += `${key}: ${value}\r\n`
      }
    }
  }
  // A string body is written straight into the request's buffer below, not copied twice.
  const payload =
    body === undefined || body === null || typeof body === 'string'
      ? undefined
      : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  const length = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : (payload?.length ?? 0)
  if (length > 0 && declaredLength !== undefined && declaredLength !== length) {
    throw new errors.RequestContentLengthMismatchError()
  }
  let head = `${method} ${path} HTTP/1.1\r\nhost: ${hostValue}\r\nconnection: ${close ? 'close' : 'keep-alive'}\r\n${lines}`
  if (length > 0 || EXPECTS_PAYLOAD.has(method)) head += `content-length: ${length}\r\n`
  head += '\r\n'
  const headLength = Buffer.byteLength(head, 'latin1')
  const bytes = Buffer.allocUnsafe(headLength + length)
  bytes.write(head, 0, 'latin1')
  if (typeof body === 'string') bytes.write(body, headLength, 'utf8')
  else if (payload !== undefined) payload.copy(bytes, headLength)
  return { bytes, head: method === 'HEAD', close }
}
