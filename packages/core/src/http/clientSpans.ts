/**
 * CLIENT spans for `node:http`/`node:https` requests from `diagnostics_channel`:
 * `http.client.request.created` (Node 22.12 and later) starts the span under the active span and
 * writes `traceparent` on the request before its headers are stored; on older Node,
 * `http.client.request.start` starts it, when the headers are already out, so no `traceparent`
 * can be added there (pass `t.inject(headers)` yourself, or use `fetch`).
 * `http.client.response.finish` ends the span with the status code, and
 * `http.client.request.error` ends it with the error.
 */
import type { ClientRequest, IncomingMessage } from 'node:http'
import { type Span, SpanKind, SpanStatusCode } from '../types.ts'
import { outgoingCorrelationHeaders } from './correlationHeaders.ts'
import { type HttpInstrumentationContext, type HttpTelemetry, isOwnExport } from './options.ts'
import {
  ERROR_TYPE,
  HTTP_REQUEST_METHOD,
  HTTP_REQUEST_METHOD_ORIGINAL,
  HTTP_RESPONSE_STATUS_CODE,
  normalizeMethod,
  SERVER_ADDRESS,
  SERVER_PORT,
  splitHost,
  URL_FULL,
} from './semconv.ts'

function headerOf(request: ClientRequest, name: string): string | undefined {
  const value = request.getHeader(name)
  return typeof value === 'string' ? value : Array.isArray(value) ? value[0] : value?.toString()
}

/**
 * Starts a client span: the part node:http and fetch share. A request that carries its own
 * `traceparent` keeps it; the span joins that trace.
 */
export function startClientSpan(
  telemetry: HttpTelemetry,
  { method, original }: { method: string; original?: string },
  address: { address?: string | undefined; port: number },
  url: string,
  traceparent: string | undefined,
): Span {
  return telemetry.startSpan(method, {
    kind: SpanKind.CLIENT,
    ...(traceparent === undefined ? {} : { parent: telemetry.extract({ traceparent }) ?? null }),
    attributes: {
      [HTTP_REQUEST_METHOD]: method,
      [HTTP_REQUEST_METHOD_ORIGINAL]: original,
      [SERVER_ADDRESS]: address.address,
      [SERVER_PORT]: address.port,
      [URL_FULL]: url,
    },
  })
}

/** Ends a client span from a status code or an error: the part node:http and fetch share. */
export function endClientSpan(span: Span, status: number | undefined, error?: unknown): void {
  if (status !== undefined) {
    span.setAttribute(HTTP_RESPONSE_STATUS_CODE, status)
    if (status >= 400) {
      span.setAttribute(ERROR_TYPE, String(status))
      span.setStatus({ code: SpanStatusCode.ERROR })
    }
  }
  if (error !== undefined) {
    span.recordException(error)
    const code = (error as { code?: unknown } | null)?.code
    span.setAttribute(ERROR_TYPE, typeof code === 'string' ? code : ((error as Error)?.name ?? 'Error'))
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message ?? String(error) })
  }
  span.end()
}

/** The `http.client.*` channel handlers of one instrumentation. */
export function clientHandlers(context: HttpInstrumentationContext) {
  const { telemetry, options } = context
  const spans = new WeakMap<ClientRequest, Span>()
  const ignored = new WeakSet<ClientRequest>()

  const begin = (message: unknown, canWriteHeaders: boolean): void => {
    const request = (message as { request: ClientRequest }).request
    if (typeof request !== 'object' || request === null || spans.has(request) || ignored.has(request)) return
    const normalized = normalizeMethod(request.method)
    const { method } = normalized
    const host = request.host ?? headerOf(request, 'host') ?? ''
    const path = request.path ?? '/'
    const header = (name: string) => headerOf(request, name)
    if (
      isOwnExport(header('user-agent')) ||
      options.ignoreOutgoing?.({ method, host, path, header }) === true
    ) {
      ignored.add(request)
      return
    }
    const given = header('traceparent')
    const protocol = request.protocol ?? 'http:'
    const defaultPort = protocol === 'https:' ? 443 : 80
    const port = Number(
      (request as { socket?: unknown; agent?: { defaultPort?: number } }).agent?.defaultPort,
    )
    const address = splitHost(header('host') ?? host, Number.isInteger(port) && port > 0 ? port : defaultPort)
    const span = startClientSpan(
      telemetry,
      normalized,
      { address: address.address ?? host, port: address.port },
      `${protocol}//${header('host') ?? host}${path.split('?')[0]}`,
      given,
    )
    spans.set(request, span)
    if (canWriteHeaders && given === undefined && options.propagate !== false) {
      try {
        telemetry.inject(
          { set: (name: string, value: string) => request.setHeader(name, value), get: () => undefined },
          span,
        )
      } catch (error) {
        // Headers given as an array are already stored: the request goes out without them.
        context.fail('http client: traceparent could not be written', error)
      }
    }
    if (canWriteHeaders && options.correlation !== false) {
      try {
        for (const [name, value] of outgoingCorrelationHeaders(header, true)) request.setHeader(name, value)
      } catch (error) {
        context.fail('http client: the correlation ID could not be written', error)
      }
    }
  }

  return {
    'http.client.request.created'(message: unknown): void {
      begin(message, true)
    },
    'http.client.request.start'(message: unknown): void {
      begin(message, false)
    },
    'http.client.response.finish'(message: unknown): void {
      const { request, response } = message as { request: ClientRequest; response: IncomingMessage }
      const span = spans.get(request)
      if (span === undefined) return
      spans.delete(request)
      endClientSpan(span, response?.statusCode)
    },
    'http.client.request.error'(message: unknown): void {
      const { request, error } = message as { request: ClientRequest; error: unknown }
      const span = spans.get(request)
      if (span === undefined) return
      spans.delete(request)
      endClientSpan(span, undefined, error)
    },
  }
}
