/**
 * CLIENT spans for `fetch` and undici from their `diagnostics_channel` messages:
 * `undici:request:create` starts the span and adds `traceparent` to the request,
 * `undici:request:headers` sets the status code, `undici:request:trailers` (the body was read to
 * its end) ends it, and `undici:request:error` ends it with the error.
 */
import type { Span } from '../types.ts'
import { endClientSpan, startClientSpan } from './clientSpans.ts'
import { type HttpInstrumentationContext, isOwnExport } from './options.ts'
import { writeOutgoingHeaders } from './outgoingHeaders.ts'
import { HTTP_RESPONSE_STATUS_CODE, normalizeMethod, pathOf, splitHost } from './semconv.ts'

/** The parts of undici's request object the messages carry. */
interface UndiciRequest {
  origin?: string | URL
  method?: string
  path?: string
  headers?: string | string[] | Record<string, string>
  addHeader?(name: string, value: string): unknown
}

interface UndiciState {
  span: Span
  status?: number
}

/** A header of an undici request: `headers` is a flat `[name, value, ...]` list or a raw block. */
function undiciHeader(request: UndiciRequest, name: string): string | undefined {
  const headers = request.headers
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() === name) return String(headers[i + 1])
    }
    return undefined
  }
  if (typeof headers === 'string') {
    for (const line of headers.split('\r\n')) {
      const colon = line.indexOf(':')
      if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name) return line.slice(colon + 1).trim()
    }
    return undefined
  }
  if (typeof headers === 'object' && headers !== null) {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key]
  }
  return undefined
}

/** The `undici:request:*` channel handlers of one instrumentation. */
export function undiciHandlers(context: HttpInstrumentationContext) {
  const { telemetry, options } = context
  const requests = new WeakMap<object, UndiciState>()

  const finish = (message: unknown, error?: unknown): void => {
    const request = (message as { request?: object }).request
    if (request === undefined) return
    const state = requests.get(request)
    if (state === undefined) return
    requests.delete(request)
    endClientSpan(state.span, error === undefined ? state.status : undefined, error)
  }

  return {
    'undici:request:create'(message: unknown): void {
      const request = (message as { request?: UndiciRequest }).request
      if (typeof request !== 'object' || request === null || requests.has(request)) return
      let origin: URL
      try {
        origin = new URL(String(request.origin))
      } catch {
        return
      }
      const normalized = normalizeMethod(request.method)
      const { method } = normalized
      const header = (name: string) => undiciHeader(request, name)
      const path = typeof request.path === 'string' ? request.path : '/'
      if (isOwnExport(header('user-agent'))) return
      if (options.ignoreOutgoing?.({ method, host: origin.host, path, header }) === true) return
      const address = splitHost(origin.host, origin.protocol === 'https:' ? 443 : 80)
      const given = header('traceparent')
      const span = startClientSpan(telemetry, normalized, address, `${origin.origin}${pathOf(path)}`, given)
      requests.set(request, { span })
      if (typeof request.addHeader === 'function') {
        const set = (name: string, value: string) => request.addHeader?.(name, value)
        writeOutgoingHeaders(context, 'fetch', span, given, { header, set, replaces: false })
      }
    },
    'undici:request:headers'(message: unknown): void {
      const { request, response } = message as { request?: object; response?: { statusCode?: number } }
      if (request === undefined) return
      const state = requests.get(request)
      if (state === undefined || typeof response?.statusCode !== 'number') return
      state.status = response.statusCode
      state.span.setAttribute(HTTP_RESPONSE_STATUS_CODE, response.statusCode)
    },
    'undici:request:trailers'(message: unknown): void {
      finish(message)
    },
    'undici:request:error'(message: unknown): void {
      finish(message, (message as { error?: unknown }).error ?? new Error('request failed'))
    },
  }
}
