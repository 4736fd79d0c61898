/**
 * An HTTP client for load-test scenarios: an undici connection pool with keep-alive, driven
 * through its dispatch API (no response streams are built; bodies are discarded unless asked
 * for), so the generator spends its time on requests rather than on plumbing. A status the
 * client does not accept (>= 400 by default) rejects with {@link HttpStatusError}, whose code
 * (`HTTP_503`) becomes the report's error category.
 */
import type { IncomingHttpHeaders } from 'node:http'
import { type Dispatcher, Pool } from 'undici'

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Origin (and optional base path) every request goes to, e.g. `'http://127.0.0.1:3000'`. */
  baseUrl: string | URL
  /** Keep-alive connections in the pool. Defaults to 10; match your VU count. */
  connections?: number
  /** Requests in flight per connection (HTTP/1.1 pipelining). Defaults to 1. */
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
    super(`${method} ${path} answered ${status}`)
    this.status = status
    this.code = `HTTP_${status}`
  }
}

const defaultOk = (status: number) => status < 400

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
  const base = new URL(String(options.baseUrl))
  const prefix = base.pathname === '/' ? '' : base.pathname.replace(/\/$/, '')
  const pool = new Pool(base.origin, {
    connections: options.connections ?? 10,
    pipelining: options.pipelining ?? 1,
  })
  const defaultHeaders = options.headers
  const clientOk = options.okStatus ?? defaultOk

  const request = <TBody>(req: HttpRequestOptions = {}): Promise<HttpResponse<TBody>> => {
    const method = req.method ?? 'GET'
    const path = prefix + (req.path ?? '/')
    const headers = req.headers === undefined ? defaultHeaders : { ...defaultHeaders, ...req.headers }
    const ok = req.okStatus ?? clientOk
    const read = req.read ?? 'discard'
    return new Promise<HttpResponse<TBody>>((resolve, reject) => {
      const signal = req.signal
      if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'))
      let status = 0
      let responseHeaders: IncomingHttpHeaders = {}
      let bytes = 0
      let chunks: Buffer[] | undefined
      let controller: Dispatcher.DispatchController | undefined
      let abortReason: unknown
      const onAbort = () => {
        abortReason = signal?.reason ?? new Error('aborted')
        controller?.abort(abortReason as Error)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      const cleanup = () => signal?.removeEventListener('abort', onAbort)
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(started) {
          controller = started
          // Aborted between dispatch and the start of the request.
          if (abortReason !== undefined) started.abort(abortReason as Error)
        },
        onResponseStart(_controller, statusCode, h) {
          status = statusCode
          responseHeaders = h
          if (read !== 'discard') chunks = []
        },
        onResponseData(_controller, chunk) {
          bytes += chunk.length
          chunks?.push(chunk)
        },
        onResponseEnd() {
          cleanup()
          if (!ok(status)) return reject(new HttpStatusError(status, method, path))
          let body: unknown
          if (chunks !== undefined) {
            const buffer = Buffer.concat(chunks)
            try {
              body =
                read === 'bytes'
                  ? buffer
                  : read === 'json'
                    ? JSON.parse(buffer.toString('utf8'))
                    : buffer.toString('utf8')
            } catch (error) {
              return reject(error)
            }
          }
          resolve({ status, headers: responseHeaders, body: body as TBody, bytes })
        },
        onResponseError(_controller, error) {
          cleanup()
          reject(error)
        },
      }
      try {
        pool.dispatch(
          { origin: base.origin, method, path, headers: headers ?? null, body: req.body ?? null },
          handler,
        )
      } catch (error) {
        cleanup()
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
