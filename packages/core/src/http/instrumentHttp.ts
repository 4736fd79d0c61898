/**
 * `instrumentHttp(t)`: HTTP spans and the server duration histogram from Node's built-in
 * `diagnostics_channel` messages. Nothing is patched, so it works the same under ESM, CommonJS
 * and bundlers, and with any framework that sits on `node:http`.
 */
import diagnostics from 'node:diagnostics_channel'
import { invalidInput } from '../errors.ts'
import { reportAttachFailure } from '../hostileInput.ts'
import type { Histogram } from '../metrics/types.ts'
import { clientHandlers } from './clientSpans.ts'
import type { HttpInstrumentationContext, HttpTelemetry, InstrumentHttpOptions } from './options.ts'
import { HTTP_SERVER_REQUEST_DURATION } from './semconv.ts'
import { serverHandlers } from './serverSpans.ts'
import { undiciHandlers } from './undiciSpans.ts'

type ChannelHandler = (message: unknown, name: string | symbol) => void

/**
 * Instrument HTTP for one telemetry instance: SERVER spans for `node:http` servers (continuing
 * an incoming `traceparent`, active in the request handler, named `GET /users/:id` once a route
 * is named), CLIENT spans for `node:http` requests and `fetch` (writing `traceparent` on them),
 * with the HTTP semantic-convention attribute names, and the `http.server.request.duration`
 * histogram. Returns a function that stops it. Never throws; failures are reported.
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@foundation-telemetry/core'
 * import { instrumentHttp } from '@foundation-telemetry/core/http'
 *
 * const t = createTelemetry({ service: 'api' })
 * const dispose = instrumentHttp(t, { ignoreIncoming: ({ path }) => path === '/healthz' })
 * // ... later
 * dispose()
 * ```
 */
export function instrumentHttp(telemetry: HttpTelemetry, options: InstrumentHttpOptions = {}): () => void {
  const subscriptions: Array<[string, ChannelHandler]> = []
  const dispose = disposer(subscriptions)
  try {
    subscribeAll(telemetry, options, subscriptions)
    return dispose
  } catch (error) {
    // A hostile telemetry or options object (throwing getters, revoked proxies): undo what was
    // subscribed and hand back an inert stop function; report if the telemetry can take it.
    dispose()
    reportAttachFailure(telemetry, 'instrumentHttp', error)
    return () => {}
  }
}

function disposer(subscriptions: Array<[string, ChannelHandler]>): () => void {
  let disposed = false
  return () => {
    if (disposed) return
    disposed = true
    for (const [name, handler] of subscriptions) diagnostics.unsubscribe(name, handler)
  }
}

function subscribeAll(
  telemetry: HttpTelemetry,
  options: InstrumentHttpOptions,
  subscriptions: Array<[string, ChannelHandler]>,
): void {
  if (typeof telemetry?.reportError !== 'function' || typeof telemetry?.metrics?.histogram !== 'function')
    throw new TypeError('instrumentHttp: expected a telemetry instance')
  const opts = typeof options === 'object' && options !== null ? options : {}
  const histograms = new Map<string, Histogram>()
  const histogram = (name: string): Histogram => {
    let found = histograms.get(name)
    if (found === undefined) {
      found = telemetry.metrics.histogram(name)
      histograms.set(name, found)
    }
    return found
  }
  const context: HttpInstrumentationContext = {
    telemetry,
    options: opts,
    serverDuration: () => histogram(HTTP_SERVER_REQUEST_DURATION),
    histogram,
    fail: (where, error) => telemetry.reportError(invalidInput(where, { api: 'instrumentHttp', error })),
  }

  const subscribe = (name: string, handler: (message: unknown) => void): void => {
    const safe: ChannelHandler = (message) => {
      try {
        handler(message)
      } catch (error) {
        context.fail(`instrumentHttp: ${name} handler failed`, error)
      }
    }
    diagnostics.subscribe(name, safe)
    subscriptions.push([name, safe])
  }

  // Each group's handlers are keyed by the channel they listen on.
  const groups: Array<Record<string, (message: unknown) => void>> = [
    opts.server === false ? {} : serverHandlers(context),
    opts.client === false ? {} : clientHandlers(context),
    opts.fetch === false ? {} : undiciHandlers(context),
  ]
  for (const handlers of groups)
    for (const [name, handler] of Object.entries(handlers)) subscribe(name, handler)
}
