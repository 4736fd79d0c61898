/**
 * `/api/stream`: Server-Sent Events. On connect a client gets the layout (`event: layout`), then
 * one frame (`event: frame`) per tick of the clock; every client gets the same frame, computed
 * once. Clients are bounded; a slow client whose socket buffer fills is dropped, not waited for.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock, ClockTimer } from '@foundation-telemetry/core'

/** Options of {@link createEventStream}. */
export interface EventStreamOptions {
  clock: Clock
  /** Ms between frames. Defaults to 1000. */
  interval?: number
  /** Sent once per connection. */
  layout: () => unknown
  /** Computed once per tick while anyone listens. */
  frame: () => unknown
  /** Extra named events per tick (`alerts`, ...), computed once per tick. */
  extras?: () => Record<string, unknown>
  /** Concurrent clients. Defaults to 32. */
  maxClients?: number
}

/** A running stream. */
export interface EventStream {
  handler(req: IncomingMessage, res: ServerResponse): void
  /** Clients connected now. */
  clients(): number
  /** End every connection and stop the timer. */
  close(): void
}

/** Bytes a client may have unsent before it is dropped. */
const MAX_BUFFERED = 1 << 20

/** Create the stream (its timer runs only while clients are connected). */
export function createEventStream(options: EventStreamOptions): EventStream {
  const { clock } = options
  const interval = options.interval ?? 1000
  const maxClients = options.maxClients ?? 32
  const clients = new Set<ServerResponse>()
  let timer: ClockTimer | undefined

  const send = (res: ServerResponse, event: string, data: unknown) => {
    if (res.writableLength > MAX_BUFFERED) {
      clients.delete(res)
      res.destroy()
      return
    }
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  }

  const tick = () => {
    if (clients.size === 0) return
    const frame = options.frame()
    const extras = options.extras?.() ?? {}
    for (const res of clients) {
      send(res, 'frame', frame)
      for (const [event, data] of Object.entries(extras)) send(res, event, data)
    }
  }

  const stopTimerIfIdle = () => {
    if (clients.size === 0 && timer !== undefined) {
      clock.clearInterval(timer)
      timer = undefined
    }
  }

  return {
    handler(req, res) {
      if (clients.size >= maxClients) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' })
        res.end('Too many dashboard connections\n')
        return
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      })
      clients.add(res)
      send(res, 'layout', options.layout())
      send(res, 'frame', options.frame())
      for (const [event, data] of Object.entries(options.extras?.() ?? {})) send(res, event, data)
      const drop = () => {
        clients.delete(res)
        stopTimerIfIdle()
      }
      req.once('close', drop)
      res.once('close', drop)
      if (timer === undefined) {
        timer = clock.setInterval(tick, interval)
        timer.unref?.()
      }
    },
    clients: () => clients.size,
    close() {
      for (const res of clients) res.end()
      clients.clear()
      stopTimerIfIdle()
    },
  }
}
