/**
 * HTTP semantic-convention attribute names (OpenTelemetry semantic conventions 1.2x, stable HTTP)
 * and the method normalisation they ask for.
 */
export const HTTP_REQUEST_METHOD = 'http.request.method'
export const HTTP_REQUEST_METHOD_ORIGINAL = 'http.request.method_original'
export const HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code'
export const HTTP_ROUTE = 'http.route'
export const URL_PATH = 'url.path'
export const URL_SCHEME = 'url.scheme'
export const URL_FULL = 'url.full'
export const SERVER_ADDRESS = 'server.address'
export const SERVER_PORT = 'server.port'
export const CLIENT_ADDRESS = 'client.address'
export const NETWORK_PROTOCOL_VERSION = 'network.protocol.version'
export const USER_AGENT_ORIGINAL = 'user_agent.original'
export const ERROR_TYPE = 'error.type'
export const HTTP_REQUEST_BODY_SIZE = 'http.request.body.size'
export const HTTP_RESPONSE_BODY_SIZE = 'http.response.body.size'

/** The server request duration histogram (ms inside the process, seconds at the export boundary). */
export const HTTP_SERVER_REQUEST_DURATION = 'http.server.request.duration'
/** Request and response body size histograms (bytes). */
export const HTTP_SERVER_REQUEST_BODY_SIZE = 'http.server.request.body.size'
export const HTTP_SERVER_RESPONSE_BODY_SIZE = 'http.server.response.body.size'

const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'QUERY',
  'TRACE',
])

/** The method as the conventions record it: a known method, or `_OTHER` (the original kept apart). */
export function normalizeMethod(method: unknown): { method: string; original?: string } {
  const raw = typeof method === 'string' ? method : ''
  if (KNOWN_METHODS.has(raw)) return { method: raw }
  const upper = raw.toUpperCase()
  return KNOWN_METHODS.has(upper) ? { method: upper, original: raw } : { method: '_OTHER', original: raw }
}

/** The port a URL scheme implies: 443 for `https` (with or without the trailing colon), else 80. */
export function defaultPortOf(scheme: string | undefined): number {
  return scheme === 'https:' || scheme === 'https' ? 443 : 80
}

/** `host[:port]` split into address and port; IPv6 brackets removed. */
export function splitHost(host: unknown, defaultPort: number): { address?: string; port: number } {
  if (typeof host !== 'string' || host === '') return { port: defaultPort }
  const bracket = host.startsWith('[') ? host.indexOf(']') : -1
  if (bracket > 0) {
    const port = Number(host.slice(bracket + 2))
    return { address: host.slice(1, bracket), port: Number.isInteger(port) && port > 0 ? port : defaultPort }
  }
  const colon = host.lastIndexOf(':')
  if (colon <= 0) return { address: host, port: defaultPort }
  const port = Number(host.slice(colon + 1))
  return { address: host.slice(0, colon), port: Number.isInteger(port) && port > 0 ? port : defaultPort }
}

/** The path of a request target, without the query. */
export function pathOf(target: unknown): string {
  if (typeof target !== 'string') return '/'
  const query = target.indexOf('?')
  return query === -1 ? target : target.slice(0, query)
}
