/**
 * SERVER spans for `node:http` servers from `diagnostics_channel`: `http.server.request.start`
 * starts the span (continuing an incoming `traceparent`) and makes it the active span of the
 * request handler; `http.server.response.finish` (or the response closing early) ends it and
 * records `http.server.request.duration`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { enterSpan } from '../context.ts'
import { CORRELATION_KEY, enterCorrelationId, newCorrelationId } from '../correlation.ts'
import { type Attributes, type Span, SpanKind, SpanStatusCode } from '../types.ts'
import { incomingCorrelationId } from './correlationHeaders.ts'
import type { HttpInstrumentationContext } from './options.ts'
import { SERVER_ERROR_FROM, setResponseStatus } from './responseStatus.ts'
import { routeOf } from './route.ts'
import {
  CLIENT_ADDRESS,
  ERROR_TYPE,
  HTTP_REQUEST_BODY_SIZE,
  HTTP_REQUEST_METHOD,
  HTTP_REQUEST_METHOD_ORIGINAL,
  HTTP_RESPONSE_BODY_SIZE,
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

/** What the metrics of one ended request are tagged with. */
interface ServerOutcome {
  route: string | undefined
  status: number | undefined
  errorType: string | undefined
  requestSize: number | undefined
  responseSize: number | undefined
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

/** `https` when the request came in over TLS, else `http`. */
function schemeOf(request: IncomingMessage): string {
  return (request.socket as { encrypted?: boolean } | undefined)?.encrypted === true ? 'https' : 'http'
}

/** The attributes a SERVER span starts with. */
function serverSpanAttributes(
  request: IncomingMessage,
  { method, original }: { method: string; original?: string },
  path: string,
  scheme: string,
): Attributes {
  const host = splitHost(header(request, 'host'), scheme === 'https' ? 443 : 80)
  return {
    [HTTP_REQUEST_METHOD]: method,
    [HTTP_REQUEST_METHOD_ORIGINAL]: original,
    [URL_PATH]: path,
    [URL_SCHEME]: scheme,
    [SERVER_ADDRESS]: host.address,
    [SERVER_PORT]: host.address === undefined ? undefined : host.port,
    [NETWORK_PROTOCOL_VERSION]: request.httpVersion,
    [USER_AGENT_ORIGINAL]: header(request, 'user-agent'),
    [CLIENT_ADDRESS]: request.socket?.remoteAddress,
  }
}

/**
 * Makes the request's correlation ID (the incoming one, else a new one) current for the rest of
 * the request, puts it on the span and echoes it on the response.
 */
function enterRequestCorrelation(request: IncomingMessage, response: ServerResponse, span: Span): void {
  const id = incomingCorrelationId((name) => header(request, name)) ?? newCorrelationId()
  enterCorrelationId(id)
  span.setAttribute(CORRELATION_KEY, id)
  if (!response.headersSent) response.setHeader('X-Correlation-ID', id)
}

/** Sets how the response went on the span: its status, or aborted when it never finished. Returns the error type. */
function setServerOutcome(span: Span, status: number | undefined): string | undefined {
  if (status !== undefined) return setResponseStatus(span, status, SERVER_ERROR_FROM)
  // The client went away before the response was complete.
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'response closed before it finished' })
  span.setAttribute(ERROR_TYPE, 'aborted')
  return 'aborted'
}

/** Records `http.server.request.duration` and the body-size histograms of one ended request. */
function recordServerMetrics(
  context: HttpInstrumentationContext,
  state: ServerRequestState,
  { route, status, errorType, requestSize, responseSize }: ServerOutcome,
): void {
  const { method, scheme } = state
  context.serverDuration().record(context.telemetry.clock.monotonic() - state.startMonotonic, {
    method,
    route,
    status_code: status,
    scheme,
    error_type: errorType,
  })
  const tags = { method, route, status_code: status, scheme }
  if (requestSize !== undefined) context.histogram(HTTP_SERVER_REQUEST_BODY_SIZE).record(requestSize, tags)
  if (responseSize !== undefined) context.histogram(HTTP_SERVER_RESPONSE_BODY_SIZE).record(responseSize, tags)
}

/** The SERVER spans of one instrumentation, by request: started once, ended once. */
class ServerSpans {
  private readonly requests = new WeakMap<IncomingMessage, ServerRequestState>()
  private readonly context: HttpInstrumentationContext

  constructor(context: HttpInstrumentationContext) {
    this.context = context
  }

  /** Starts the request's span and makes it (and the correlation ID) current for its handler. */
  start(request: IncomingMessage, response: ServerResponse): void {
    if (typeof request !== 'object' || request === null || this.requests.has(request)) return
    const { telemetry, options } = this.context
    const normalized = normalizeMethod(request.method)
    const { method } = normalized
    const path = pathOf(request.url)
    if (options.ignoreIncoming?.({ method, path, header: (name) => header(request, name) }) === true) return
    const scheme = schemeOf(request)
    const parent = options.extract === false ? null : (telemetry.extract(request.headers) ?? null)
    const attributes = serverSpanAttributes(request, normalized, path, scheme)
    const span = telemetry.startSpan(method, { kind: SpanKind.SERVER, parent, attributes })
    this.requests.set(request, {
      span,
      method,
      scheme,
      startMonotonic: telemetry.clock.monotonic(),
      ended: false,
    })
    // The handler runs synchronously after this message, in the same execution: entering the
    // span here makes it the active span there and in everything the handler awaits.
    enterSpan(span)
    if (options.correlation !== false) enterRequestCorrelation(request, response, span)
    response.once('close', () => this.end(request, response, false))
  }

  /** Ends the request's span (once) with the response, or as aborted when it did not `finish`. */
  end(request: IncomingMessage, response: ServerResponse, finished: boolean): void {
    const state = this.requests.get(request)
    if (state === undefined || state.ended) return
    state.ended = true
    const { span } = state
    const route = routeOf(request)
    const status = finished ? response.statusCode : undefined
    const errorType = setServerOutcome(span, status)
    if (route !== undefined) {
      span.setAttribute(HTTP_ROUTE, route)
      span.updateName(`${state.method} ${route}`)
    }
    const requestSize = contentLength(header(request, 'content-length'))
    const responseSize = finished ? contentLength(response.getHeader('content-length')) : undefined
    if (requestSize !== undefined) span.setAttribute(HTTP_REQUEST_BODY_SIZE, requestSize)
    if (responseSize !== undefined) span.setAttribute(HTTP_RESPONSE_BODY_SIZE, responseSize)
    span.end()
    recordServerMetrics(this.context, state, { route, status, errorType, requestSize, responseSize })
  }
}

/** The `http.server.*` channel handlers of one instrumentation. */
export function serverHandlers(context: HttpInstrumentationContext) {
  const spans = new ServerSpans(context)
  return {
    'http.server.request.start'(message: unknown): void {
      const { request, response } = message as ServerMessage
      spans.start(request, response)
    },
    'http.server.response.finish'(message: unknown): void {
      const { request, response } = message as ServerMessage
      if (typeof request === 'object' && request !== null) spans.end(request, response, true)
    },
  }
}
