/**
 * HTTP `Retry-After` (RFC 9110 §10.2.3), shared by every package that sends over HTTP (the
 * exporters' retry loop, the alert notifiers): a receiver under load says how long to wait.
 */

/**
 * `Retry-After` as milliseconds from `now` (epoch ms): delay seconds (`"120"`) or an HTTP date.
 * Undefined when absent or unparseable (a negative or fractional delay included); never negative (a date in the past means "now"). A header
 * repeated by the transport (Node gives an array) is read from its first value. Never throws.
 *
 * @example
 * parseRetryAfter(response.headers.get('retry-after'), Date.now()) // 120_000 for "120"
 */
export function parseRetryAfter(
  value: string | readonly string[] | null | undefined,
  now: number,
): number | undefined {
  let header: unknown
  try {
    header = typeof value === 'string' ? value : Array.isArray(value) ? value[0] : undefined
  } catch {
    // A hostile value (a revoked proxy, a throwing index getter) reads as no header.
    return undefined
  }
  if (typeof header !== 'string') return undefined
  const trimmed = header.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  // Every HTTP-date form (IMF-fixdate, RFC 850, asctime) opens with a day name. `Date.parse`
  // alone would read "-5" as a year and turn a malformed delay into a wait.
  if (!/^[A-Za-z]{3}/.test(trimmed)) return undefined
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}
