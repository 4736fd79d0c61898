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
import { safeText } from '@foundation-telemetry/core'
import type { Dispatcher } from 'undici'
import { ConnectionSlots, type SlotUser } from './connectionSlots.ts'
import { type Exchange, type LeanConnection, LeanPool } from './leanClient.ts'
import { LoadTestConfigError } from './loadTestError.ts'
import { type RequestBytes, serializeRequest } from './requestBytes.ts'
import { parseHeaders } from './responseParser.ts'
import { messageOf } from './safeText.ts'

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

/** A response whose status the client does not accept. `code` is `HTTP_<status>`. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError'
  readonly code: string
  readonly status: number

  constructor(status: number, method: string, path: string) {
    super(`${safeText(method)} ${safeText(path)} answered ${safeText(status)}`)
    this.status = typeof status === 'number' ? status : Number.NaN
    this.code = `HTTP_${safeText(this.status)}`
  }
}

const defaultOk = (status: number) => status < 400

type ReadMode = NonNullable<HttpRequestOptions['read']>

/**
 * One request's undici handler. A class with its methods on the prototype rather than a fresh
 * object of closures per request: the request path allocates one object and one promise.
 */
class ResponseHandler<TBody> implements Dispatcher.DispatchHandler, SlotUser {
  client: SlotUser['client'] = undefined
  cancelled = false
  private status = 0
  private headers: IncomingHttpHeaders = {}
  private bytes = 0
  private chunks: Buffer[] | undefined
  private controller: Dispatcher.DispatchController | undefined
  private abortReason: unknown
  private readonly onAbort: (() => void) | undefined
  private readonly resolve: (response: HttpResponse<TBody>) => void
  private readonly reject: (error: unknown) => void
  private readonly ok: (status: number) => boolean
  private readonly read: ReadMode
  private readonly method: string
  private readonly path: string
  private readonly signal: AbortSignal | undefined
  private readonly slots: ConnectionSlots

  constructor(
    slots: ConnectionSlots,
    resolve: (response: HttpResponse<TBody>) => void,
    reject: (error: unknown) => void,
    ok: (status: number) => boolean,
    read: ReadMode,
    method: string,
    path: string,
    signal: AbortSignal | undefined,
  ) {
    this.resolve = resolve
    this.reject = reject
    this.ok = ok
    this.read = read
    this.method = method
    this.path = path
    this.signal = signal
    this.slots = slots
    if (signal !== undefined) {
      this.onAbort = () => {
        this.abortReason = signal.reason ?? new Error('aborted')
        if (this.client === undefined && this.controller === undefined) {
          // Still waiting for a connection: give up now, and never be sent.
          this.cancelled = true
          this.cleanup()
          this.reject(this.abortReason)
        } else this.controller?.abort(this.abortReason as Error)
      }
      signal.addEventListener('abort', this.onAbort, { once: true })
    }
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
    this.status = status
    this.headers = headers
    if (this.read !== 'discard') this.chunks = []
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.bytes += chunk.length
    this.chunks?.push(chunk)
  }

  onResponseEnd(): void {
    this.cleanup()
    this.slots.release(this)
    settleResponse(
      this.status,
      this.headers,
      this.bytes,
      this.chunks,
      this.read,
      this.ok,
      this.method,
      this.path,
      this.resolve,
      this.reject,
    )
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.cleanup()
    this.slots.release(this)
    this.reject(error)
  }

  cleanup(): void {
    if (this.onAbort !== undefined) this.signal?.removeEventListener('abort', this.onAbort)
  }
}

/** Resolve or reject a finished response: status check, then the body as `read` asked for. */
function settleResponse<TBody>(
  status: number,
  /** The header object, or the head text to build it from when read (the own client). */
  headers: IncomingHttpHeaders | string,
  bytes: number,
  chunks: Buffer[] | undefined,
  read: ReadMode,
  ok: (status: number) => boolean,
  method: string,
  path: string,
  resolve: (response: HttpResponse<TBody>) => void,
  reject: (error: unknown) => void,
): void {
  let accepted: boolean
  try {
    accepted = ok(status)
  } catch (error) {
    // The caller's okStatus threw: the request fails with it (it must not escape into a socket
    // callback, where it would be an uncaught exception).
    reject(error)
    return
  }
  if (!accepted) {
    reject(new HttpStatusError(status, method, path))
    return
  }
  let body: unknown
  if (chunks !== undefined) {
    const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
    try {
      body =
        read === 'bytes'
          ? buffer
          : read === 'json'
            ? JSON.parse(buffer.toString('utf8'))
            : buffer.toString('utf8')
    } catch (error) {
      reject(error)
      return
    }
  }
  resolve(
    typeof headers === 'string'
      ? new LeanResponse(status, headers, body as TBody, bytes)
      : { status, headers, body: body as TBody, bytes },
  )
}

/**
 * A response of the own client, whose `headers` are parsed from the head text on first read:
 * most scenarios never look at them, and building the object cost more than the rest of the
 * response's parse. A class with the accessor on its prototype: an object literal with an
 * accessor measured about 2 µs to create (V8 builds it in dictionary mode), this about 40 ns.
 */
class LeanResponse<TBody> implements HttpResponse<TBody> {
  readonly status: number
  readonly body: TBody
  readonly bytes: number
  #head: string
  #headers: IncomingHttpHeaders | undefined

  constructor(status: number, head: string, body: TBody, bytes: number) {
    this.status = status
    this.body = body
    this.bytes = bytes
    this.#head = head
  }

  get headers(): IncomingHttpHeaders {
    this.#headers ??= parseHeaders(this.#head)
    return this.#headers
  }

  set headers(value: IncomingHttpHeaders) {
    this.#headers = value
  }

  /** JSON (logs, reports) shows the headers like any other field. */
  toJSON(): HttpResponse<TBody> {
    return { status: this.status, headers: this.headers, body: this.body, bytes: this.bytes }
  }
}

/** One request on the helper's own client (see `leanClient.ts`): one object per request. */
class LeanExchange<TBody> implements Exchange {
  cancelled = false
  connection: LeanConnection | undefined = undefined
  readonly payload: Buffer
  readonly isHead: boolean
  readonly closeAfter: boolean
  private status = 0
  private head = ''
  private bytes = 0
  private chunks: Buffer[] | undefined
  private readonly onAbort: (() => void) | undefined
  private readonly resolve: (response: HttpResponse<TBody>) => void
  private readonly reject: (error: unknown) => void
  private readonly ok: (status: number) => boolean
  private readonly read: ReadMode
  private readonly method: string
  private readonly path: string
  private readonly signal: AbortSignal | undefined

  constructor(
    request: RequestBytes,
    resolve: (response: HttpResponse<TBody>) => void,
    reject: (error: unknown) => void,
    ok: (status: number) => boolean,
    read: ReadMode,
    method: string,
    path: string,
    signal: AbortSignal | undefined,
  ) {
    this.payload = request.bytes
    this.isHead = request.head
    this.closeAfter = request.close
    this.resolve = resolve
    this.reject = reject
    this.ok = ok
    this.read = read
    this.method = method
    this.path = path
    this.signal = signal
    if (signal !== undefined) {
      this.onAbort = () => {
        const reason = signal.reason ?? new Error('aborted')
        this.cleanup()
        // Still waiting: never sent. In flight: the connection drops the unread response.
        if (this.connection === undefined) this.cancelled = true
        else this.connection.abandon(this)
        this.reject(reason)
      }
      signal.addEventListener('abort', this.onAbort, { once: true })
    }
  }

  onHead(status: number, head: string): void {
    this.status = status
    this.head = head
    if (this.read !== 'discard') this.chunks = []
  }

  onData(chunk: Buffer): void {
    this.bytes += chunk.length
    // A view of the connection's read buffer, reused by the next read: keep a copy.
    this.chunks?.push(Buffer.from(chunk))
  }

  onEnd(): void {
    this.cleanup()
    settleResponse(
      this.status,
      this.head,
      this.bytes,
      this.chunks,
      this.read,
      this.ok,
      this.method,
      this.path,
      this.resolve,
      this.reject,
    )
  }

  onError(error: Error): void {
    this.cleanup()
    this.reject(error)
  }

  cleanup(): void {
    if (this.onAbort !== undefined) this.signal?.removeEventListener('abort', this.onAbort)
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

function createPooledClient(options: HttpClientOptions): HttpClient {
  const base = new URL(String(options.baseUrl))
  const prefix = base.pathname === '/' ? '' : base.pathname.replace(/\/$/, '')
  const pipelining = Math.max(1, Math.floor(options.pipelining ?? 1) || 1)
  if (base.protocol === 'http:' && pipelining === 1) return createLeanClient(options, base, prefix)
  const slots = new ConnectionSlots(base.origin, options.connections ?? 10, options.pipelining ?? 1)
  const defaultHeaders = options.headers
  const clientOk = options.okStatus ?? defaultOk

  // Dispatch options of plain requests (no body, no per-request headers) are built once per
  // method and path, found by two lookups of strings the caller reuses (no key built per request).
  const plain = new Map<string, Map<string, Dispatcher.DispatchOptions>>()
  let plainCount = 0
  const dispatchOptions = (
    method: string,
    path: string,
    req: HttpRequestOptions,
  ): Dispatcher.DispatchOptions => {
    if (req.body === undefined && req.headers === undefined) {
      let byPath = plain.get(method)
      let cached = byPath?.get(path)
      if (cached === undefined) {
        cached = { origin: base.origin, method, path, headers: defaultHeaders ?? null, body: null }
        if (plainCount < 1000) {
          if (byPath === undefined) {
            byPath = new Map()
            plain.set(method, byPath)
          }
          byPath.set(path, cached)
          plainCount++
        }
      }
      return cached
    }
    const headers = req.headers === undefined ? defaultHeaders : { ...defaultHeaders, ...req.headers }
    return { origin: base.origin, method, path, headers: headers ?? null, body: req.body ?? null }
  }

  const request = <TBody>(req: HttpRequestOptions = {}): Promise<HttpResponse<TBody>> => {
    const method = req.method ?? 'GET'
    const path = prefix === '' ? (req.path ?? '/') : prefix + (req.path ?? '/')
    return new Promise<HttpResponse<TBody>>((resolve, reject) => {
      const signal = req.signal
      if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'))
      const handler = new ResponseHandler<TBody>(
        slots,
        resolve,
        reject,
        req.okStatus ?? clientOk,
        req.read ?? 'discard',
        method,
        path,
        signal,
      )
      try {
        slots.dispatch(dispatchOptions(method, path, req), handler)
      } catch (error) {
        handler.cleanup()
        reject(error)
      }
    })
  }

  return {
    request,
    get: (path, o) => request({ ...o, path, method: 'GET' }),
    post: (path, body, o) => request({ ...o, path, body, method: 'POST' }),
    close: () => slots.close(),
  }
}

/** The client for `http:` without pipelining: the helper's own connections (`leanClient.ts`). */
function createLeanClient(options: HttpClientOptions, base: URL, prefix: string): HttpClient {
  const hostname = base.hostname.startsWith('[') ? base.hostname.slice(1, -1) : base.hostname
  const pool = new LeanPool(hostname, Number(base.port) || 80, options.connections ?? 10)
  const defaultHeaders = options.headers
  const clientOk = options.okStatus ?? defaultOk

  // Bytes of plain requests (no body, no per-request headers) are built once per method and
  // path, found by two lookups of strings the caller reuses (no key built per request).
  const plain = new Map<string, Map<string, RequestBytes>>()
  let plainCount = 0
  const requestBytes = (method: string, path: string, req: HttpRequestOptions): RequestBytes => {
    if (req.body === undefined && req.headers === undefined) {
      let byPath = plain.get(method)
      let cached = byPath?.get(path)
      if (cached === undefined) {
        cached = serializeRequest(method, path, base.host, defaultHeaders, undefined)
        if (plainCount < 1000) {
          if (byPath === undefined) {
            byPath = new Map()
            plain.set(method, byPath)
          }
          byPath.set(path, cached)
          plainCount++
        }
      }
      return cached
    }
    const headers = req.headers === undefined ? defaultHeaders : { ...defaultHeaders, ...req.headers }
    return serializeRequest(method, path, base.host, headers, req.body)
  }

  const request = <TBody>(req: HttpRequestOptions = {}): Promise<HttpResponse<TBody>> => {
    const method = req.method ?? 'GET'
    const path = prefix === '' ? (req.path ?? '/') : prefix + (req.path ?? '/')
    return new Promise<HttpResponse<TBody>>((resolve, reject) => {
      const signal = req.signal
      if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'))
      let exchange: LeanExchange<TBody>
      try {
        exchange = new LeanExchange<TBody>(
          requestBytes(method, path, req),
          resolve,
          reject,
          req.okStatus ?? clientOk,
          req.read ?? 'discard',
          method,
          path,
          signal,
        )
      } catch (error) {
        reject(error)
        return
      }
      try {
        pool.dispatch(exchange)
      } catch (error) {
        exchange.cleanup()
        reject(error)
      }
    })
  }

  return {
    request,
    get: (path, o) => request({ ...o, path, method: 'GET' }),
    post: (path, body, o) => request({ ...o, path, body, method: 'POST' }),
    close: () => pool.close(),
  }
}
