/**
 * One scrape request and its response: the method and auth checks, the answer from a shared
 * render (plain or gzipped, without a body for HEAD), a 500 when anything fails, and the record
 * of what was answered, reported once the response has closed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { HandlerDeps, RenderResult } from './httpHandler.ts'
import type { ExpositionFormat } from './serializer.ts'
import type { SharedRender } from './sharedRenders.ts'

/** What one exchange needs from the handler's dependencies. */
export type ExchangeDeps = Pick<HandlerDeps, 'auth' | 'contentType' | 'onScrape' | 'onError'>

/** One scrape in progress; its fields are what {@link ScrapeExchange.finish} reports. */
export class ScrapeExchange {
  /** The format answered with; `text` until the request is negotiated. */
  format: ExpositionFormat = 'text'
  private bytes = 0
  private series = 0
  private readonly started = performance.now()
  private readonly res: ServerResponse
  private readonly deps: ExchangeDeps

  constructor(res: ServerResponse, deps: ExchangeDeps) {
    this.res = res
    this.deps = deps
  }

  /** Report the scrape as answered so far; pass to `res.once('close', ...)`. */
  readonly finish = (): void => {
    this.deps.onScrape({
      statusCode: this.res.statusCode,
      format: this.format,
      bytes: this.bytes,
      series: this.series,
      duration: performance.now() - this.started,
    })
  }

  /** Answer 405 to a method other than GET or HEAD, 401 without valid credentials; true when refused. */
  refuse(req: IncomingMessage): boolean {
    const { res } = this
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
      res.end('Method Not Allowed\n')
      return true
    }
    const { auth } = this.deps
    if (auth !== undefined && !auth.check(req.headers.authorization)) {
      res.writeHead(401, { 'www-authenticate': auth.challenge, 'content-type': 'text/plain; charset=utf-8' })
      res.end('Unauthorized\n')
      return true
    }
    return false
  }

  /** Answer with `result`, the outcome of `entry`: its body (gzipped when asked), or a 500 when it failed. */
  answer(entry: SharedRender, result: RenderResult, gzipped: boolean, head: boolean): void {
    this.series = result.series
    if (!result.ok) {
      this.fail()
      return
    }
    const headers: Record<string, string> = { 'content-type': this.deps.contentType(this.format) }
    if (!gzipped) {
      this.succeed(headers, entry.plain(result.body), head)
      return
    }
    entry.gzipped(result.body).then(
      (body) => {
        headers['content-encoding'] = 'gzip'
        this.succeed(headers, body, head)
      },
      (error: unknown) => this.failWith(error),
    )
  }

  /**
   * Answer 200 with `body`. A throw while answering (from the response) is reported and answered
   * with a 500 where that is still possible: it must not escape into the promise callback this
   * runs from, where it would become an unhandled rejection.
   */
  private succeed(headers: Record<string, string>, body: Buffer, head: boolean): void {
    try {
      send(this.res, 200, headers, body, head)
      this.bytes = body.length
    } catch (error) {
      this.failWith(error)
    }
  }

  /** Report `error`, then answer 500. */
  failWith(error: unknown): void {
    this.deps.onError(error)
    this.fail()
  }

  /** Answer 500 unless the response has started; a throw while answering is reported, not raised. */
  private fail(): void {
    try {
      send(
        this.res,
        500,
        { 'content-type': 'text/plain; charset=utf-8' },
        Buffer.from('serialization failed\n'),
        false,
      )
    } catch (error) {
      this.deps.onError(error)
    }
  }
}

/** Write `status`, `headers` (with the length) and `body` (none for HEAD), unless the response has started or gone. */
function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  head: boolean,
): void {
  if (res.headersSent || res.destroyed) return
  headers['content-length'] = String(body.length)
  res.writeHead(status, headers)
  res.end(head ? undefined : body)
}
