/**
 * The HTTP client's connections: up to `connections` undici `Client`s (one keep-alive socket
 * each), created on first need, each taking up to `pipelining` requests at a time. A request
 * takes a free slot, or waits first in, first out for the next one a finished request gives back.
 *
 * Why not undici's `Pool`: a closed-model VU sends its next request as soon as the previous one
 * ends, before the Pool has seen that connection drain, so the Pool queues it and pays a scan of
 * its clients and an async-context capture per request. Here a finished request hands its slot
 * straight to the next one, on the same connection; the semantics (connection limit, pipelining,
 * FIFO wait) are the Pool's.
 */
import { Client, type Dispatcher, errors } from 'undici'
import { WaitQueue } from './waitQueue.ts'

/** A request waiting for, or holding, a slot. */
export interface SlotUser {
  /** The connection it was dispatched on; set by {@link ConnectionSlots.dispatch}. */
  client: Client | undefined
  /** Set when the request gave up while waiting: it is skipped, never dispatched. */
  cancelled: boolean
}

interface Waiting {
  options: Dispatcher.DispatchOptions
  handler: Dispatcher.DispatchHandler & SlotUser
}

export class ConnectionSlots {
  private readonly origin: string
  private readonly connections: number
  private readonly pipelining: number
  private readonly clients: Client[] = []
  /** One entry per free request slot: a client appears as many times as it has room. */
  private readonly free: Client[] = []
  private readonly waiting = new WaitQueue<Waiting>((w) => w.handler.cancelled)
  private closed = false
  private onIdle: (() => void) | undefined

  constructor(origin: string, connections: number, pipelining: number) {
    this.origin = origin
    this.connections = Math.max(1, Math.floor(connections) || 1)
    this.pipelining = Math.max(1, Math.floor(pipelining) || 1)
  }

  /** Send `options` with `handler` now if a slot is free, else when one is. */
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler & SlotUser): void {
    // undici's own error, as its Pool threw: the report's category stays `UND_ERR_CLOSED`.
    if (this.closed) throw new errors.ClientClosedError()
    const client = this.free.pop() ?? this.newClient()
    if (client === undefined) this.waiting.push({ options, handler })
    else this.send(client, options, handler)
  }

  /** Give back the slot `user` held: the next waiting request takes it. */
  release(user: SlotUser): void {
    const client = user.client
    if (client === undefined) return
    user.client = undefined
    const next = this.waiting.take()
    if (next !== undefined) this.send(client, next.options, next.handler)
    else {
      this.free.push(client)
      if (this.onIdle !== undefined && this.free.length === this.clients.length * this.pipelining)
        this.onIdle()
    }
  }

  /** Wait for the requests already given, then close every connection. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true
      if (this.free.length < this.clients.length * this.pipelining) {
        await new Promise<void>((resolve) => {
          this.onIdle = resolve
        })
      }
    }
    await Promise.all(this.clients.map((client) => client.close()))
  }

  private send(
    client: Client,
    options: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler & SlotUser,
  ): void {
    handler.client = client
    try {
      client.dispatch(options, handler)
    } catch (error) {
      // undici reports dispatch errors through the handler; a throw here is a bug of ours or
      // undici's, and the slot must not be lost to it.
      this.release(handler)
      handler.onResponseError?.(undefined as never, error as Error)
    }
  }

  private newClient(): Client | undefined {
    if (this.clients.length >= this.connections) return undefined
    const client = new Client(this.origin, { pipelining: this.pipelining })
    this.clients.push(client)
    for (let i = 1; i < this.pipelining; i++) this.free.push(client)
    return client
  }
}
