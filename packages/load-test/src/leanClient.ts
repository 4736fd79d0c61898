/**
 * The HTTP helper's own HTTP/1.1 client for `http:` origins without pipelining: up to
 * `connections` keep-alive sockets over `node:net`, each carrying one request at a time. A
 * request's bytes are written in one `write`, responses are read by {@link ResponseParser}, and a
 * finished request hands its connection straight to the next waiting one (first in, first out).
 *
 * Why not undici here: a load generator sends the same few requests millions of times. Measured
 * against autocannon (`load_test.http`), undici's per-request work (request object, header
 * processing, dispatch queue, llhttp callbacks into JavaScript, header parsing) was most of the
 * gap; here a request costs one prebuilt buffer write and one scan of the response head, as in
 * wrk and autocannon. undici stays the client for what this one does not do (TLS, pipelining).
 *
 * Errors keep undici's classes and codes (`UND_ERR_SOCKET` for a connection that closed
 * mid-response, `UND_ERR_HEADERS_TIMEOUT` and `UND_ERR_BODY_TIMEOUT` after undici's 300 s,
 * `UND_ERR_CLOSED` after `close()`, the socket's own code for a refused connection), so the
 * report's error categories are the ones the helper reported before.
 */
import { connect, type Socket } from 'node:net'
import { errors } from 'undici'
import { ResponseParser, type ResponseSink } from './responseParser.ts'
import { WaitQueue } from './waitQueue.ts'

/** undici's default headers and body timeouts, s: a response silent for longer fails. */
const SILENCE_LIMIT_S = 300

/** One request as the connection sees it. */
export interface Exchange extends ResponseSink {
  /** The request's bytes. */
  readonly payload: Buffer
  /** HEAD: no body in the response. */
  readonly isHead: boolean
  /** Close the connection after this response. */
  readonly closeAfter: boolean
  /** Set when the request gave up while waiting for a connection: it is skipped. */
  cancelled: boolean
  /** The connection it was sent on. */
  connection: LeanConnection | undefined
  /** Body bytes. `chunk` is a view of the read buffer, valid only during the call: copy to keep. */
  onData(chunk: Buffer): void
  /** The response ended. The connection has been given back already. */
  onEnd(): void
  /** The request failed (socket error, protocol error, timeout). The connection is given back. */
  onError(error: Error): void
}

/** One keep-alive connection. */
export class LeanConnection {
  private socket: Socket | undefined
  private readonly parser = new ResponseParser()
  private exchange: Exchange | undefined
  private socketError: Error | undefined
  /** Sweeper tick of the last sign of life of the exchange in flight. */
  lastSeen = 0
  private readonly pool: LeanPool

  constructor(pool: LeanPool) {
    this.pool = pool
  }

  get busy(): boolean {
    return this.exchange !== undefined
  }

  /** The response's head has arrived; its body has not ended. */
  get inBody(): boolean {
    return this.parser.inBody
  }

  /** Send `exchange` (the connection is free). */
  send(exchange: Exchange): void {
    this.exchange = exchange
    exchange.connection = this
    this.parser.start(exchange, exchange.isHead)
    this.lastSeen = this.pool.tick
    const socket = this.socket ?? this.open()
    socket.write(exchange.payload)
  }

  /** Give up the exchange in flight (aborted): the socket goes, since its response is unread. */
  abandon(exchange: Exchange): void {
    if (this.exchange === exchange) this.detach()
  }

  /** Fail the exchange in flight with `error` (a timeout) and drop the socket. */
  fail(error: Error): void {
    this.detach()?.onError(error)
  }

  /** Close the socket once it is idle; resolves when it has closed. */
  close(): Promise<void> {
    const socket = this.socket
    if (socket === undefined) return Promise.resolve()
    return new Promise((resolve) => {
      socket.once('close', () => resolve())
      socket.destroySoon()
    })
  }

  private open(): Socket {
    // `onread`: reads land in the pool's one buffer and come straight to the parser, with no
    // Buffer per read and no readable-stream push and 'data' event; what a response keeps is
    // copied out (see `Exchange.onData`).
    const socket: Socket = connect({
      host: this.pool.host,
      port: this.pool.port,
      onread: {
        buffer: this.pool.readBuffer,
        callback: (bytes: number, buffer: Uint8Array) => {
          if (socket === this.socket) this.onData(buffer as Buffer, bytes)
          return true
        },
      },
    })
    socket.setNoDelay(true)
    this.socket = socket
    this.socketError = undefined
    socket.on('error', (error) => {
      if (socket === this.socket) this.socketError = error
    })
    // The server sends nothing more after its FIN ('end'). 'close' alone is not enough: it waits
    // for our side to finish writing, which never happens when the server has stopped reading.
    socket.on('end', () => {
      if (socket === this.socket) this.onServerDone()
    })
    socket.on('close', () => {
      if (socket === this.socket) this.onServerDone()
    })
    return socket
  }

  /** Forget the exchange in flight, drop its socket and give the connection back; returns it. */
  private detach(): Exchange | undefined {
    const exchange = this.exchange
    if (exchange === undefined) return undefined
    this.exchange = undefined
    this.parser.reset()
    this.drop()
    this.pool.release(this)
    return exchange
  }

  private drop(): void {
    const socket = this.socket
    if (socket === undefined) return
    this.socket = undefined
    socket.destroy()
  }

  private onData(buffer: Buffer, bytes: number): void {
    const chunk = buffer.subarray(0, bytes)
    const exchange = this.exchange
    if (exchange === undefined) {
      // Bytes nobody asked for: the connection is out of step with the server.
      this.drop()
      return
    }
    this.lastSeen = this.pool.tick
    let used: number
    try {
      used = this.parser.execute(chunk)
    } catch (error) {
      this.fail(error as Error)
      return
    }
    if (this.parser.busy) return
    this.exchange = undefined
    // Bytes after the response (none are due with one request in flight), `Connection: close`, or
    // a body that ran to the close: this socket carries nothing more.
    if (used !== chunk.length || !this.parser.keepAlive || exchange.closeAfter) this.drop()
    this.pool.release(this)
    exchange.onEnd()
  }

  /**
   * The server sent its last byte (its FIN, or the socket closed): the response in flight ends
   * here if its framing allows (a body read to the close), else fails; the socket is not reused.
   */
  private onServerDone(): void {
    this.drop()
    const exchange = this.exchange
    if (exchange === undefined) return
    this.exchange = undefined
    if (this.parser.finish()) {
      this.pool.release(this)
      exchange.onEnd()
      return
    }
    this.parser.reset()
    this.pool.release(this)
    exchange.onError(this.socketError ?? new errors.SocketError('other side closed'))
  }
}

/**
 * The connections of one client and the requests waiting for one. Same semantics as the undici
 * path's `ConnectionSlots` with one request per connection.
 */
export class LeanPool {
  readonly host: string
  readonly port: number
  /** Where every connection's reads land; each read is parsed before the next one. */
  readonly readBuffer = Buffer.allocUnsafe(64 * 1024)
  /** Seconds counted by the sweeper, for the silence limit. */
  tick = 0
  private readonly limit: number
  private readonly connections: LeanConnection[] = []
  private readonly free: LeanConnection[] = []
  private readonly waiting = new WaitQueue<Exchange>((exchange) => exchange.cancelled)
  private closed = false
  private onIdle: (() => void) | undefined
  private sweeper: ReturnType<typeof setInterval> | undefined

  constructor(host: string, port: number, connections: number) {
    this.host = host
    this.port = port
    this.limit = Math.max(1, Math.floor(connections) || 1)
  }

  /** Send `exchange` now if a connection is free, else when one is. */
  dispatch(exchange: Exchange): void {
    if (this.closed) throw new errors.ClientClosedError()
    const connection = this.free.pop() ?? this.newConnection()
    if (connection === undefined) this.waiting.push(exchange)
    else connection.send(exchange)
  }

  /** `connection` finished its exchange: the next waiting one takes it. */
  release(connection: LeanConnection): void {
    const next = this.waiting.take()
    if (next !== undefined) {
      connection.send(next)
      return
    }
    this.free.push(connection)
    if (this.onIdle !== undefined && this.free.length === this.connections.length) this.onIdle()
  }

  /** Wait for the requests already given, then close every connection. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true
      if (this.free.length < this.connections.length) {
        await new Promise<void>((resolve) => {
          this.onIdle = resolve
        })
      }
      if (this.sweeper !== undefined) clearInterval(this.sweeper)
    }
    await Promise.all(this.connections.map((connection) => connection.close()))
  }

  private newConnection(): LeanConnection | undefined {
    if (this.connections.length >= this.limit) return undefined
    const connection = new LeanConnection(this)
    this.connections.push(connection)
    if (this.sweeper === undefined) {
      // One timer per client, not one per request: each second, fail what has been silent too long.
      this.sweeper = setInterval(() => this.sweep(), 1000)
      this.sweeper.unref()
    }
    return connection
  }

  private sweep(): void {
    this.tick++
    for (const connection of this.connections) {
      if (connection.busy && this.tick - connection.lastSeen > SILENCE_LIMIT_S) {
        connection.fail(connection.inBody ? new errors.BodyTimeoutError() : new errors.HeadersTimeoutError())
      }
    }
  }
}
