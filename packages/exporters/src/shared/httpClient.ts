/**
 * A tiny HTTP client on `node:http`/`node:https` with a timeout on the injectable clock and a
 * bounded response body, enough for exporters to POST payloads.
 */
import http from 'node:http'
import https from 'node:https'
import type { Clock } from '@foundation-telemetry/core'

/** One POST. */
export interface HttpRequest {
  url: string
  headers: Readonly<Record<string, string>>
  body: Uint8Array
  /** Milliseconds on `clock` before the request is aborted. */
  timeout: number
  clock: Clock
  /** Bytes of response body kept; the rest is discarded. Defaults to 64 KiB. */
  maxResponseBytes?: number
}

/** The response, with its (possibly truncated) body. */
export interface HttpResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** Why a request produced no response. `message` never contains request headers. */
export class HttpRequestError extends Error {
  override readonly name = 'HttpRequestError'
  readonly reason: 'timeout' | 'network' | 'invalid_url'
  constructor(reason: 'timeout' | 'network' | 'invalid_url', message: string) {
    super(message)
    this.reason = reason
  }
}

/** POST `body` to `url`. Resolves with any HTTP status; rejects only with {@link HttpRequestError}. */
export function httpPost(request: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    let url: URL
    try {
      url = new URL(request.url)
    } catch {
      reject(new HttpRequestError('invalid_url', 'invalid endpoint URL'))
      return
    }
    const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined
    if (!transport) {
      reject(new HttpRequestError('invalid_url', `unsupported protocol ${url.protocol}`))
      return
    }
    const limit = request.maxResponseBytes ?? 65_536
    let settled = false
    const finish = (error: HttpRequestError | undefined, response?: HttpResponse) => {
      if (settled) return
      settled = true
      request.clock.clearTimeout(timer)
      if (error) reject(error)
      else resolve(response as HttpResponse)
    }
    const req = transport.request(url, {
      method: 'POST',
      headers: { ...request.headers, 'Content-Length': String(request.body.byteLength) },
    })
    const timer = request.clock.setTimeout(() => {
      finish(new HttpRequestError('timeout', `no response from ${url.host} within ${request.timeout} ms`))
      req.destroy()
    }, request.timeout)
    timer.unref?.()
    req.on('error', (error) => finish(new HttpRequestError('network', `${url.host}: ${error.message}`)))
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      let kept = 0
      res.on('data', (chunk: Buffer) => {
        if (kept >= limit) return
        const slice = chunk.subarray(0, limit - kept)
        chunks.push(slice)
        kept += slice.byteLength
      })
      res.on('end', () =>
        finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
      res.on('error', (error) => finish(new HttpRequestError('network', `${url.host}: ${error.message}`)))
    })
    req.end(request.body)
  })
}
