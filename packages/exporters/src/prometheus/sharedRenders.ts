/**
 * Concurrent scrapes of one format share one serialization (and one gzip of it): a scrape that
 * arrives while another's body is being rendered or sent gets that same body. So a hundred
 * scrapers at once cost one exposition in memory, not a hundred.
 */
import { gzip } from 'node:zlib'
import type { RenderResult } from './httpHandler.ts'
import type { ExpositionFormat } from './serializer.ts'

/** One rendered exposition, the responses currently using it, and its encodings made so far. */
export class SharedRender {
  /** The serialization every user of this render answers with. */
  readonly result: Promise<RenderResult>
  /** Responses using this render that have not closed yet. */
  users = 0
  private plainBody: Buffer | undefined
  private gzippedBody: Promise<Buffer> | undefined

  constructor(result: Promise<RenderResult>) {
    this.result = result
  }

  /** `body` (this render's text) as UTF-8, encoded once for every user. */
  plain(body: string): Buffer {
    this.plainBody ??= Buffer.from(body, 'utf8')
    return this.plainBody
  }

  /** `body` (this render's text) gzipped, compressed once for every user; rejects when gzip fails. */
  gzipped(body: string): Promise<Buffer> {
    this.gzippedBody ??= new Promise((resolve, reject) =>
      gzip(body, (error, out) => (error === null ? resolve(out) : reject(error))),
    )
    return this.gzippedBody
  }
}

/** The renders in use, one per format at most. */
export class SharedRenders {
  private readonly inUse = new Map<ExpositionFormat, SharedRender>()
  private readonly render: (format: ExpositionFormat) => Promise<RenderResult>

  /** @param render Starts a serialization of `format`; called only when no render of it is in use. */
  constructor(render: (format: ExpositionFormat) => Promise<RenderResult>) {
    this.render = render
  }

  /** The render of `format` in use, or a new one; the caller is counted as a user until {@link release}. */
  acquire(format: ExpositionFormat): SharedRender {
    let entry = this.inUse.get(format)
    if (entry === undefined) {
      entry = new SharedRender(this.render(format))
      this.inUse.set(format, entry)
    }
    entry.users++
    return entry
  }

  /** One user of `entry` is done; the last one retires it, so the next scrape renders afresh. */
  release(format: ExpositionFormat, entry: SharedRender): void {
    if (--entry.users === 0 && this.inUse.get(format) === entry) this.inUse.delete(format)
  }
}
