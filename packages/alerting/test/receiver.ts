/**
 * An HTTP receiver on 127.0.0.1 for tests: records each request, answers as the test says
 * (status, headers, or hold the request open), and lets a test wait for the n-th request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the receiver got. */
export interface Received {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: unknown
}

/** How to answer: a status (and headers), or `hang` to keep the request open. */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang'

/** A running receiver. */
export interface Receiver {
  readonly url: string
  readonly port: number
  readonly requests: Received[]
  /** Change how the following requests are answered. */
  answer(fn: (request: Received, index: number) => Answer): void
  /** Resolves once `count` requests have arrived in total. */
  received(count: number): Promise<Received[]>
  close(): Promise<void>
}

export { freePort } from '../../../tooling/testing/localServer.ts'

/** Start a receiver, on `port` when given. */
export async function startReceiver(
  port = 0,
  answer: (request: Received, index: number) => Answer = () => ({ status: 200 }),
): Promise<Receiver> {
  const requests: Received[] = []
  const waiters: Array<{ count: number; resolve: (r: Received[]) => void }> = []
  const hanging = new Set<ServerResponse>()
  let respond = answer
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // Not JSON: kept as text.
      }
      const request: Received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body }
      const index = requests.length
      requests.push(request)
      const a = respond(request, index)
      if (a === 'hang') {
        hanging.add(res)
        res.on('close', () => hanging.delete(res))
      } else {
        res.writeHead(a.status, a.headers)
        res.end(a.body ?? '')
      }
      for (const w of [...waiters]) {
        if (requests.length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1)
          w.resolve(requests.slice())
        }
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const actual = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    answer(fn) {
      respond = fn
    },
    received(count) {
      if (requests.length >= count) return Promise.resolve(requests.slice())
      return new Promise((resolve) => waiters.push({ count, resolve }))
    },
    close() {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
