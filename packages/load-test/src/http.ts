/**
 * An HTTP client for load-test scenarios. On `http:` without pipelining it is the package's own
 * HTTP/1.1 keep-alive client (`leanClient.ts`); otherwise keep-alive undici connections (see
 * `connectionSlots.ts`), driven through their dispatch API (no response streams are built;
 * bodies are discarded unless asked for), so the generator spends its time on requests rather
 * than on plumbing. A status the
 * client does not accept (>= 400 by default) rejects with {@link HttpStatusError}, whose code
 * (`HTTP_503`) becomes the report's error category.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { Dispatcher } from 'undici'
import { ConnectionSlots, type SlotUser } from './connectionSlots.ts'
import { type Exchange, type LeanConnection, LeanPool } from './leanClient.ts'
import { LoadTestConfigError } from './loadTestError.ts'
import { HttpStatusError, type Outcome, PendingRequest } from './pendingRequest.ts'
import { type RequestBytes, serializeRequest } from './requestBytes.ts'
import { messageOf } from './safeText.ts'

export { HttpStatusError }

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /**
   * Origin (and optional base path) every request goes to, e.g. `'http://127.0.0.1:3000'`.
   * `http:` uses the package's own HTTP/1.1 client; `https:` uses undici.
   */
  baseUrl: string | URL
  /** Keep-alive connections in the pool. Defaults to 10; match your VU count. */
  connections?: number
  /** Requests in flight per connection (HTTP/1.1 pipelining; above 1, through undici). Defaults to 1. */
  pipelining?: number
  /** Headers sent with every request. */
  headers?: Record<string, string>
  /** Which statuses count as success. Defaults to `status < 400`. */
  okStatus?: (status: number) => boolean
}

/** One request. */
export interface HttpRequestOptions {
  /** Defaults to `'GET'`. */
  method?: string
  /** Path (and query) relative to `baseUrl`. Defaults to `'/'`. */
  path?: string
  headers?: Record<string, string>
  body?: string | Uint8Array
  /** Abort the request (pass `ctx.signal`, so timeouts and Ctrl-C cancel it). */
  signal?: AbortSignal
  /** What to keep of the body. Defaults to `'discard'` (counted, not kept). */
  read?: 'discard' | 'text' | 'json' | 'bytes'
  /** Overrides the client's `okStatus` for this request. */
  okStatus?: (status: number) => boolean
}

/** A finished response. */
export interface HttpResponse<TBody = unknown> {
  status: number
  /**
   * Names lowercased, repeated names as arrays. On the package's own client (`http:`) an
   * accessor that parses them on first read (JSON shows them; an object spread does not).
   */
  headers: IncomingHttpHeaders
  /** The body as `read` asked for; undefined when discarded. */
  body: TBody
  /** Body bytes received. */
  bytes: number
}

/** The client {@link createHttpClient} returns. */
export interface HttpClient {
  request<TBody = unknown>(options?: HttpRequestOptions): Promise<HttpResponse<TBody>>
  get<TBody = unknown>(
    path: string,
    options?: Omit<HttpRequestOptions, 'method' | 'path'>,
  ): Promise<HttpResponse<TBody>>
  post<TBody = unknown>(
    path: string,
    body: string | Uint8Array,
    options?: Omit<HttpRequestOptions, 'method' | 'path' | 'body'>,
  ): Promise<HttpResponse<TBody>>
  /** Close every connection (after in-flight requests finish). */
  close(): Promise<void>
}

const defaultOk = (status: number) => status < 400

/**
 * One request's undici handler. A class with its methods on the prototype rather than a fresh
 * object of closures per request: the request path allocates one object and one promise.
 */
class ResponseHandler<TBody> extends PendingRequest<TBody> implements Dispatcher.DispatchHandler, SlotUser {
  client: SlotUser['client'] = undefined
  private headers: IncomingHttpHeaders = {}
  private controller: Dispatcher.DispatchController | undefined
  private abortReason: unknown
  private readonly slots: ConnectionSlots

  constructor(
    slots: ConnectionSlots,
    outcome: Outcome<TBody>,
    req: HttpRequestOptions,
    method: string,
    path: string,
  ) {
    super(outcome, req, method, path)
    this.slots = slots
    this.watchAbort((reason) => {
      this.abortReason = reason
      if (this.client === undefined && this.controller === undefined) {
        // Still waiting for a connection: give up now, and never be sent.
        this.cancelled = true
        this.fail(reason)
      } else this.controller?.abort(reason as Error)
    })
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller
    // Aborted between dispatch and the start of the request.
    if (this.abortReason !== undefined) controller.abort(this.abortReason as Error)
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.headers = headers
    this.begin(status)
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.receive(chunk, false)
  }

  onResponseEnd(): void {
    this.slots.release(this)
    this.finish(this.headers)
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.slots.release(this)
    this.fail(error)
  }
}

/** One request on the helper's own client (see `leanClient.ts`): one object per request. */
class LeanExchange<TBody> extends PendingRequest<TBody> implements Exchange {
  connection: LeanConnection | undefined = undefined
  readonly payload: Buffer
  readonly isHead: boolean
  readonly closeAfter: boolean
  private head = ''

  constructor(
    request: RequestBytes,
    outcome: Outcome<TBody>,
    req: HttpRequestOptions,
    method: string,
    path: string,
  ) {
    super(outcome, req, method, path)
    this.payload = request.bytes
    this.isHead = request.head
    this.closeAfter = request.close
    this.watchAbort((reason) => {
      // Still waiting: never sent. In flight: the connection drops the unread response.
      if (this.connection === undefined) this.cancelled = true
      else this.connection.abandon(this)
      this.fail(reason)
    })
  }

  onHead(status: number, head: string): void {
    this.head = head
    this.begin(status)
  }

  onData(chunk: Buffer): void {
    // A view of the connection's read buffer, reused by the next read: a kept chunk is copied.
    this.receive(chunk, true)
  }

  onEnd(): void {
    this.finish(this.head)
  }

  onError(error: Error): void {
    this.fail(error)
  }
}

/**
 * Create a keep-alive HTTP client for scenarios. Make one per test (in module scope or a
 * scenario's `setup`) and close it in `teardown`.
 *
 * @example
 * ```ts
 * const http = createHttpClient({ baseUrl: 'http://127.0.0.1:3000', connections: 50 })
 * await runLoadTest({
 *   scenarios: [{ name: 'home', run: (ctx) => http.get('/', { signal: ctx.signal }), teardown: () => http.close() }],
 *   executor: { type: 'constant-vus', vus: 50, duration: '30s' },
 * })
 * ```
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  try {
    return createPooledClient(options)
  } catch (error) {
    // Bad options (no usable baseUrl, hostile objects): every request rejects with the reason,
    // so the iteration that uses the client fails and is counted instead of the caller crashing.
    const problem = new LoadTestConfigError('baseUrl', `cannot create an HTTP client: ${messageOf(error)}`)
    const reject = () => Promise.reject(problem)
    return { request: reject, get: reject, post: reject, close: () => Promise.resolve() }
  }
}

/** Plain requests (no body, no per-request headers) a client remembers, by method then path. */
const MAX_PLAIN_REQUESTS = 1000

/**
 * What a client sends for a plain request, built once per method and path and found by two lookups
 * of strings the caller reuses (no key built per request). Past {@link MAX_PLAIN_REQUESTS} distinct
 * ones (paths built per request), new ones are built each time instead of remembered.
 */
function plainRequests<T>(build: (method: string, path: string) => T): (method: string, path: string) => T {
  const byMethod = new Map<string, Map<string, T>>()
  let count = 0
  return (method, path) => {
    let byPath = byMethod.get(method)
    let cached = byPath?.get(path)
    if (cached === undefined) {
      cached = build(method, path)
      if (count < MAX_PLAIN_REQUESTS) {
        if (byPath === undefined) {
          byPath = new Map()
          byMethod.set(method, byPath)
        }
        byPath.set(path, cached)
        count++
      }
    }
    return cached
  }
}

function createPooledClient(options: HttpClientOptions): HttpClient {
  const base = new URL(String(options.baseUrl))
  const prefix = base.pathname === '/' ? '' : base.pathname.replace(/\/$/, '')
  const pipelining = Math.max(1, Math.floor(options.pipelining ?? 1) || 1)
  if (base.protocol === 'http:' && pipelining === 1) return createLeanClient(options, base, prefix)
  const slots = new ConnectionSlots(base.origin, options.connections ?? 10, pipelining)
  const defaultHeaders = options.headers
  const clientOk = options.okStatus ?? defaultOk

  const plain = plainRequests<Dispatcher.DispatchOptions>((method, path) => ({
    origin: base.origin,
    method,
    path,
    headers: defaultHeaders ?? null,
    body: null,
  }))
  const dispatchOptions = (
    method: string,
    path: string,
    req: HttpRequestOptions,
  ): Dispatcher.DispatchOptions => {
    if (req.body === undefined && req.headers === undefined) return plain(method, path)
    const headers = req.headers === undefined ? defaultHeaders : { ...defaultHeaders, ...req.headers }
    return { origin: base.origin, method, path, headers: headers ?? null, body: req.body ?? null }
  }

  const send: Send = (method, path, req, resolve, reject) => {
    const handler = new ResponseHandler(slots, { resolve, reject, ok: clientOk }, req, method, path)
    try {
      slots.dispatch(dispatchOptions(method, path, req), handler)
    } catch (error) {
      handler.cleanup()
      reject(error)
    }
  }
  return clientAround(prefix, send, () => slots.close())
}

/** The client for `http:` without pipelining: the helper's own connections (`leanClient.ts`). */
function createLeanClient(options: HttpClientOptions, base: URL, prefix: string): HttpClient {
  const hostname = base.hostname.startsWith('[') ? base.hostname.slice(1, -1) : base.hostname
  const pool = new LeanPool(hostname, Number(base.port) || 80, options.connections ?? 10)
  const defaultHeaders = options.headers
  const clientOk = options.okStatus ?? defaultOk

  const plain = plainRequests((method, path) =>
    serializeRequest(method, path, base.host, defaultHeaders, undefined),
  )
  const requestBytes = (method: string, path: string, req: HttpRequestOptions): RequestBytes => {
    if (req.body === undefined && req.headers === undefined) return plain(method, path)
    const headers = req.headers === undefined ? defaultHeaders : { ...defaultHeaders, ...req.headers }
    return serializeRequest(method, path, base.host, headers, req.body)
  }

  const send: Send = (method, path, req, resolve, reject) => {
    let exchange: LeanExchange<unknown> | undefined
    try {
      exchange = new LeanExchange(
        requestBytes(method, path, req),
        { resolve, reject, ok: clientOk },
        req,
        method,
        path,
      )
      pool.dispatch(exchange)
    } catch (error) {
      exchange?.cleanup()
      reject(error)
    }
  }
  return clientAround(prefix, send, () => pool.close())
}

/** How one client sends a request whose method and full path are known and whose signal is live. */
type Send = (
  method: string,
  path: string,
  req: HttpRequestOptions,
  resolve: (response: HttpResponse<unknown>) => void,
  reject: (error: unknown) => void,
) => void

/**
 * The {@link HttpClient} around one way of sending, written once for both clients: the base
 * path's prefix, a request whose signal already aborted, and the `get`/`post` shorthands.
 */
function clientAround(prefix: string, send: Send, close: () => Promise<void>): HttpClient {
  const request = <TBody>(req: HttpRequestOptions = {}): Promise<HttpResponse<TBody>> => {
    const method = req.method ?? 'GET'
    const path = prefix === '' ? (req.path ?? '/') : prefix + (req.path ?? '/')
    return new Promise<HttpResponse<TBody>>((resolve, reject) => {
      const signal = req.signal
      if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'))
      send(method, path, req, resolve as (response: HttpResponse<unknown>) => void, reject)
    })
  }
  return {
    request,
    get: (path, o) => request({ ...o, path, method: 'GET' }),
    post: (path, body, o) => request({ ...o, path, body, method: 'POST' }),
    close,
  }
}
