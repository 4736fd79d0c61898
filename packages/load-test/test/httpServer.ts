import { once } from 'node:events'
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo, Server as NetServer, Socket } from 'node:net'

/** A node:http server on 127.0.0.1 for the client tests. */
export interface TestServer {
  /** `http://127.0.0.1:<port>`. */
  readonly base: string
  /** Every connection it accepted (clear it to count a test's own). */
  readonly sockets: Set<Socket>
  readonly node: Server
  /** Drops every connection and stops listening. */
  close(): void
}

/** Listens on a free port of 127.0.0.1; resolves with its base URL, `http://127.0.0.1:<port>`. */
export async function listenLocally(server: NetServer): Promise<string> {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Serves `handler` on a free port of 127.0.0.1. */
export async function startHttpServer(handler: RequestListener): Promise<TestServer> {
  const node = createServer(handler)
  const sockets = new Set<Socket>()
  node.on('connection', (socket) => sockets.add(socket))
  return {
    base: await listenLocally(node),
    sockets,
    node,
    close() {
      node.closeAllConnections()
      node.close()
    },
  }
}
