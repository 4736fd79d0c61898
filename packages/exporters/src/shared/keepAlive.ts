/**
 * Exporter timers are unref'd so telemetry never keeps a finished program running. But a
 * shutdown or flush in progress is different: the program asked for its data to be delivered,
 * and a retry wait (a `Retry-After`, a backoff) must not let the process exit mid-delivery with
 * the data lost unreported. So while such work is pending, one ref'd handle holds the event loop
 * open; the work's own deadline bounds how long.
 */

/** Never fires: only its being ref'd matters. */
const HOLD_MS = 2 ** 30

/**
 * `work`, with the process kept alive until it settles.
 *
 * @example
 * shutdown: () => keepAliveUntil(flushEverything())
 */
export function keepAliveUntil<TValue>(work: Promise<TValue>): Promise<TValue> {
  const hold = setInterval(noop, HOLD_MS)
  return work.finally(() => clearInterval(hold))
}

function noop(): void {}
