/**
 * Receivers for the reliability suite: an HTTP receiver that records every request and answers
 * as a fault plan says (status, Retry-After, reset the connection, never answer), and a UDP
 * receiver. Both wake waiters on each arrival, so tests wait for the request, never the clock.
 */
import dgram from 'node:dgram'
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { gunzipSync } from 'node:zlib'

/** How the receiver answers one request. */
export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'reset' }
  | { kind: 'hang' }

/** One recorded request. */
export interface Received {
  path: string
  headers: IncomingMessage['headers']
  /** The body, gunzipped when the request said so. */
  body: Buffer
}

export interface HttpReceiver {
  readonly url: string
  readonly requests: Received[]
  /** Resolves once `count` requests have arrived (at once if they already have). */
  waitForRequests(count: number): Promise<void>
  close(): Promise<void>
}

/**
 * Start an HTTP receiver on 127.0.0.1. `plan(n)` gives the answer to the n-th request (from 0);
 * the default answers 200 to everything.
 */
export async function startHttpReceiver(
  plan: (n: number) => Fault = () => ({ kind: 'status', status: 200 }),
): Promise<HttpReceiver> {
  const requests: Received[] = []
  const waiters: Array<{ count: number; resolve: () => void }> = []
  const sockets = new Set<Socket>()
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const n = requests.length
      let body = Buffer.concat(chunks)
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body)
      requests.push({ path: req.url ?? '/', headers: req.headers, body })
      for (const w of waiters.splice(0)) {
        if (requests.length >= w.count) w.resolve()
        else waiters.push(w)
      }
      const fault = plan(n)
      if (fault.kind === 'reset') {
        req.socket.destroy()
        return
      }
      if (fault.kind === 'hang') return
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter
      res.writeHead(fault.status, headers)
      res.end('{}')
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    waitForRequests: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

export interface UdpReceiver {
  readonly port: number
  readonly datagrams: Buffer[]
  waitForDatagrams(count: number): Promise<void>
  /** Resolves once the datagrams received so far, joined by newlines, satisfy `predicate`. */
  waitFor(predicate: (text: string) => boolean): Promise<void>
  close(): void
}

/** Start a UDP receiver on 127.0.0.1. */
export async function startUdpReceiver(): Promise<UdpReceiver> {
  const socket = dgram.createSocket('udp4')
  const datagrams: Buffer[] = []
  const waiters: Array<{ done: () => boolean; resolve: () => void }> = []
  const text = () => datagrams.map((d) => d.toString('utf8')).join('\n')
  const wait = (done: () => boolean) =>
    done() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ done, resolve }))
  socket.on('message', (message) => {
    datagrams.push(message)
    for (const w of waiters.splice(0)) {
      if (w.done()) w.resolve()
      else waiters.push(w)
    }
  })
  socket.bind(0, '127.0.0.1')
  await once(socket, 'listening')
  return {
    port: (socket.address() as AddressInfo).port,
    datagrams,
    waitForDatagrams: (count) => wait(() => datagrams.length >= count),
    waitFor: (predicate) => wait(() => predicate(text())),
    close: () => socket.close(),
  }
}
