/**
 * SERVER spans for `node:http` servers from `diagnostics_channel`: `http.server.request.start`
 * starts the span (continuing an incoming `traceparent`) and makes it the active span of the
 * request handler; `http.server.response.finish` (or the response closing early) ends it and
 * records `http.server.request.duration`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { enterSpan } from '../context.ts'
import { CORRELATION_KEY, enterCorrelationId, newCorrelationId } from '../correlation.ts'
import { type Span, SpanKind, SpanStatusCode } from '../types.ts'
import { incomingCorrelationId } from './correlationHeaders.ts'
import type { HttpInstrumentationContext } from './options.ts'
import { routeOf } from './route.ts'
import {
  CLIENT_ADDRESS,
  ERROR_TYPE,
  HTTP_REQUEST_BODY_SIZE,
  HTTP_REQUEST_METHOD,
  HTTP_REQUEST_METHOD_ORIGINAL,
  HTTP_RESPONSE_BODY_SIZE,
  HTTP_RESPONSE_STATUS_CODE,
  HTTP_ROUTE,
  HTTP_SERVER_REQUEST_BODY_SIZE,
  HTTP_SERVER_RESPONSE_BODY_SIZE,
  NETWORK_PROTOCOL_VERSION,
  normalizeMethod,
  pathOf,
  SERVER_ADDRESS,
  SERVER_PORT,
  splitHost,
  URL_PATH,
  URL_SCHEME,
  USER_AGENT_ORIGINAL,
} from './semconv.ts'

interface ServerRequestState {
  span: Span
  method: string
  scheme: string
  startMonotonic: number
  ended: boolean
}

interface ServerMessage {
  request: IncomingMessage
  response: ServerResponse
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** A Content-Length value as a byte count, when it is one. */
function contentLength(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined
}

/** The `http.server.*` channel handlers of one instrumentation. */
export function serverHandlers(context: HttpInstrumentationContext) {
  const { telemetry, options } = context
  const requests = new WeakMap<IncomingMessage, ServerRequestState>()

  const end = (request: IncomingMessage, response: ServerResponse, finished: boolean): void => {
    const state = requests.get(request)
    if (state === undefined || state.ended) return
    state.ended = true
    const { span } = state
    const route = routeOf(request)
    const status = finished ? response.statusCode : undefined
    let errorType: string | undefined
    if (status !== undefined) {
      span.setAttribute(HTTP_RESPONSE_STATUS_CODE, status)
      if (status >= 500) {
        errorType = String(status)
        span.setStatus({ code: SpanStatusCode.ERROR })
      }
    } else {
      // The client went away before the response was complete.
      errorType = 'aborted'
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'response closed before it finished' })
    }
    if (errorType !== undefined) span.setAttribute(ERROR_TYPE, errorType)
    if (route !== undefined) {
      span.setAttribute(HTTP_ROUTE, route)
      span.updateName(`${state.method} ${route}`)
    }
    const requestSize = contentLength(header(request, 'content-length'))
    const responseSize = finished ? contentLength(response.getHeader('content-length')) : undefined
    if (requestSize !== undefined) span.setAttribute(HTTP_REQUEST_BODY_SIZE, requestSize)
    if (responseSize !== undefined) span.setAttribute(HTTP_RESPONSE_BODY_SIZE, responseSize)
    span.end()
    context.serverDuration().record(telemetry.clock.monotonic() - state.startMonotonic, {
      method: state.method,
      route,
      status_code: status,
      scheme: state.scheme,
      error_type: errorType,
    })
    const tags = { method: state.method, route, status_code: status, scheme: state.scheme }
    if (requestSize !== undefined) context.histogram(HTTP_SERVER_REQUEST_BODY_SIZE).record(requestSize, tags)
    if (responseSize !== undefined)
      context.histogram(HTTP_SERVER_RESPONSE_BODY_SIZE).record(responseSize, tags)
  }

  return {
    'http.server.request.start'(message: unknown): void {
      const { request, response } = message as ServerMessage
      if (typeof request !== 'object' || request === null || requests.has(request)) return
      const { method, original } = normalizeMethod(request.method)
      const path = pathOf(request.url)
      if (options.ignoreIncoming?.({ method, path, header: (name) => header(request, name) }) === true) return
      const scheme =
        (request.socket as { encrypted?: boolean } | undefined)?.encrypted === true ? 'https' : 'http'
      const host = splitHost(header(request, 'host'), scheme === 'https' ? 443 : 80)
      const parent = options.extract === false ? null : (telemetry.extract(request.headers) ?? null)
      const span = telemetry.startSpan(method, {
        kind: SpanKind.SERVER,
        parent,
        attributes: {
          [HTTP_REQUEST_METHOD]: method,
          [HTTP_REQUEST_METHOD_ORIGINAL]: original,
          [URL_PATH]: path,
          [URL_SCHEME]: scheme,
          [SERVER_ADDRESS]: host.address,
          [SERVER_PORT]: host.address === undefined ? undefined : host.port,
          [NETWORK_PROTOCOL_VERSION]: request.httpVersion,
          [USER_AGENT_ORIGINAL]: header(request, 'user-agent'),
          [CLIENT_ADDRESS]: request.socket?.remoteAddress,
        },
      })
      requests.set(request, {
        span,
        method,
        scheme,
        startMonotonic: telemetry.clock.monotonic(),
        ended: false,
      })
      // The handler runs synchronously after this message, in the same execution: entering the
      // span here makes it the active span there and in everything the handler awaits.
      enterSpan(span)
      if (options.correlation !== false) {
        const id = incomingCorrelationId((name) => header(request, name)) ?? newCorrelationId()
        enterCorrelationId(id)
        span.setAttribute(CORRELATION_KEY, id)
        if (!response.headersSent) response.setHeader('X-Correlation-ID', id)
      }
      response.once('close', () => end(request, response, false))
    },
    'http.server.response.finish'(message: unknown): void {
      const { request, response } = message as ServerMessage
      if (typeof request === 'object' && request !== null) end(request, response, true)
    },
  }
}
