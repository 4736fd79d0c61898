/**
 * The UDP socket to a StatsD agent. An IP literal is used as it is; a host name is resolved once,
 * before the first datagram, because the socket family must match the address (a `udp4` socket
 * cannot reach `::1`, which `localhost` often resolves to) and because resolving once spares the
 * DNS lookup Node would otherwise do for every datagram sent to a name.
 */
import dgram from 'node:dgram'
import { isIP } from 'node:net'

/** Resolves a host name to one address, shaped like `dns.promises.lookup(hostname)`. */
export type AgentLookup = (hostname: string) => Promise<{ address: string; family: number }>

/** Options for {@link createAgentSocket}. */
export interface AgentSocketOptions {
  host: string
  lookup: AgentLookup
  /** A socket error (unreachable agent, closed socket). */
  onSocketError: (error: unknown) => void
  /** The host could not be resolved to an IP address. */
  onLookupError: (error: unknown) => void
}

/** The agent's socket and address, once known. No method throws. */
export interface AgentSocket {
  /** Undefined until the host is resolved (at once for an IP literal). */
  readonly socket: dgram.Socket | undefined
  /** The address datagrams go to: the literal, or what the lookup answered. */
  readonly address: string
  /** The socket's IP family (`udp4` or `udp6`), once open. */
  readonly family: 4 | 6 | undefined
  /**
   * Resolve the host if it is not yet; concurrent calls share one lookup. Resolves true once the
   * socket is open, false when the lookup failed (reported; the next call tries again).
   */
  resolve(): Promise<boolean>
  /** Close the socket; a lookup answering later opens none. Idempotent. */
  close(): void
}

/** Create the {@link AgentSocket} for `options.host`. */
export function createAgentSocket(options: AgentSocketOptions): AgentSocket {
  const { host, lookup, onSocketError, onLookupError } = options
  let socket: dgram.Socket | undefined
  let address = ''
  let family: 4 | 6 | undefined
  let resolving: Promise<boolean> | undefined
  let closed = false

  const open = (at: string, ipFamily: number) => {
    const created = dgram.createSocket(ipFamily === 6 ? 'udp6' : 'udp4')
    created.unref()
    created.on('error', onSocketError)
    address = at
    family = ipFamily === 6 ? 6 : 4
    socket = created
  }
  const literal = isIP(host)
  if (literal !== 0) open(host, literal)

  const lookUp = (): Promise<boolean> => {
    let answer: Promise<{ address: string; family: number }>
    try {
      answer = Promise.resolve(lookup(host))
    } catch (error) {
      answer = Promise.reject(error)
    }
    return answer
      .then((found) => {
        const ipFamily = typeof found?.address === 'string' ? isIP(found.address) : 0
        if (ipFamily === 0) throw new Error(`lookup answered ${String(found?.address)}, not an IP address`)
        if (closed) return false
        open(found.address, ipFamily)
        return true
      })
      .catch((error: unknown) => {
        try {
          onLookupError(error)
        } catch {
          // A throwing reporter must not turn into an unhandled rejection.
        }
        return false
      })
      .finally(() => {
        resolving = undefined
      })
  }

  return {
    get socket() {
      return socket
    },
    get address() {
      return address
    },
    get family() {
      return family
    },
    resolve() {
      if (socket !== undefined) return Promise.resolve(true)
      if (closed) return Promise.resolve(false)
      resolving ??= lookUp()
      return resolving
    },
    close() {
      closed = true
      try {
        socket?.close()
      } catch {
        // Already closed by an earlier error.
      }
    },
  }
}
