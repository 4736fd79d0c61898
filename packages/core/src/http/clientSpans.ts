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
import { type HttpInstrumentationContext, type HttpTelemetry, isOwnExport } from './options.ts'
import { writeOutgoingHeaders } from './outgoingHeaders.ts'
import { CLIENT_ERROR_FROM, setResponseStatus } from './responseStatus.ts'
import {
  ERROR_TYPE,
  HTTP_REQUEST_METHOD,
  HTTP_REQUEST_METHOD_ORIGINAL,
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
  if (status !== undefined) setResponseStatus(span, status, CLIENT_ERROR_FROM)
  if (error !== undefined) {
    span.recordException(error)
    const code = (error as { code?: unknown } | null)?.code
    span.setAttribute(ERROR_TYPE, typeof code === 'string' ? code : ((error as Error)?.name ?? 'Error'))
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message ?? String(error) })
  }
  span.end()
}

/**
 * The server a request goes to, for the span: the `Host` header's address (else the request's
 * host), on the header's port, else the agent's default port, else the protocol's.
 */
function serverOf(
  request: ClientRequest,
  host: string,
  hostHeader: string | undefined,
  protocol: string,
): { address: string; port: number } {
  const defaultPort = protocol === 'https:' ? 443 : 80
  const port = Number((request as { agent?: { defaultPort?: number } }).agent?.defaultPort)
  const address = splitHost(hostHeader ?? host, Number.isInteger(port) && port > 0 ? port : defaultPort)
  return { address: address.address ?? host, port: address.port }
}

/** The CLIENT spans of one instrumentation, by request: begun once, ended once. */
class ClientSpans {
  private readonly spans = new WeakMap<ClientRequest, Span>()
  private readonly ignored = new WeakSet<ClientRequest>()
  private readonly context: HttpInstrumentationContext

  constructor(context: HttpInstrumentationContext) {
    this.context = context
  }

  /**
   * Starts the request's span unless the request is ignored; `canWriteHeaders` when the headers
   * are not out yet, so `traceparent` and the correlation headers can still be added.
   */
  begin(request: ClientRequest, canWriteHeaders: boolean): void {
    if (
      typeof request !== 'object' ||
      request === null ||
      this.spans.has(request) ||
      this.ignored.has(request)
    ) {
      return
    }
    const { telemetry, options } = this.context
    const normalized = normalizeMethod(request.method)
    const { method } = normalized
    const host = request.host ?? headerOf(request, 'host') ?? ''
    const path = request.path ?? '/'
    const header = (name: string) => headerOf(request, name)
    if (
      isOwnExport(header('user-agent')) ||
      options.ignoreOutgoing?.({ method, host, path, header }) === true
    ) {
      this.ignored.add(request)
      return
    }
    const given = header('traceparent')
    const protocol = request.protocol ?? 'http:'
    const hostHeader = header('host')
    const url = `${protocol}//${hostHeader ?? host}${path.split('?')[0]}`
    const span = startClientSpan(
      telemetry,
      normalized,
      serverOf(request, host, hostHeader, protocol),
      url,
      given,
    )
    this.spans.set(request, span)
    if (canWriteHeaders) {
      const set = (name: string, value: string) => request.setHeader(name, value)
      writeOutgoingHeaders(this.context, 'http client', span, given, { header, set, replaces: true })
    }
  }

  /** Ends the request's span (once) with the response's status or the request's error. */
  end(request: ClientRequest, status: number | undefined, error?: unknown): void {
    const span = this.spans.get(request)
    if (span === undefined) return
    this.spans.delete(request)
    endClientSpan(span, status, error)
  }
}

/** The `http.client.*` channel handlers of one instrumentation. */
export function clientHandlers(context: HttpInstrumentationContext) {
  const spans = new ClientSpans(context)
  return {
    'http.client.request.created'(message: unknown): void {
      spans.begin((message as { request: ClientRequest }).request, true)
    },
    'http.client.request.start'(message: unknown): void {
      spans.begin((message as { request: ClientRequest }).request, false)
    },
    'http.client.response.finish'(message: unknown): void {
      const { request, response } = message as { request: ClientRequest; response: IncomingMessage }
      spans.end(request, response?.statusCode)
    },
    'http.client.request.error'(message: unknown): void {
      const { request, error } = message as { request: ClientRequest; error: unknown }
      spans.end(request, undefined, error)
    },
  }
}
