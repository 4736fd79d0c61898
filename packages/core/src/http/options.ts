import type { Histogram } from '../metrics/types.ts'
import type { Telemetry } from '../types.ts'

/** What HTTP instrumentation needs of a telemetry instance. */
export type HttpTelemetry = Pick<
  Telemetry,
  'startSpan' | 'extract' | 'inject' | 'metrics' | 'clock' | 'reportError'
>

/** A request about to be made, as `ignoreOutgoing` sees it. */
export interface OutgoingRequestInfo {
  method: string
  /** `host[:port]` as the request addresses it. */
  host: string
  path: string
  /** Reads a request header (lower-case name). */
  header(name: string): string | undefined
}

/** Options of `instrumentHttp`. */
export interface InstrumentHttpOptions {
  /** Make SERVER spans and record `http.server.request.duration` for `node:http` servers. Defaults to `true`. */
  server?: boolean
  /** Make CLIENT spans for `node:http`/`node:https` requests. Defaults to `true`. */
  client?: boolean
  /** Make CLIENT spans for `fetch` and undici requests. Defaults to `true`. */
  fetch?: boolean
  /** Write `traceparent`/`tracestate` on outgoing requests. Defaults to `true`. */
  propagate?: boolean
  /**
   * Continue the caller's trace from incoming `traceparent`/`tracestate`. Turn off at a trust
   * boundary (each request then starts a new trace). Defaults to `true`.
   */
  extract?: boolean
  /**
   * Correlation IDs: an incoming `X-Correlation-ID` (or a `correlation_id` baggage member) is
   * kept, else one is generated; it stays in the async context for the whole request (so every
   * event and log record carries it), goes out on outgoing requests as `X-Correlation-ID` and W3C
   * `baggage`, and is echoed on the response. Defaults to `true`.
   */
  correlation?: boolean
  /** Incoming requests to leave alone (no span, no metric), e.g. health checks. */
  ignoreIncoming?: (request: {
    method: string
    path: string
    header(name: string): string | undefined
  }) => boolean
  /**
   * Outgoing requests to leave alone. Requests whose `User-Agent` starts with `foundation-telemetry`
   * (this toolkit's own exporters) are always left alone, so exporting never makes more spans.
   */
  ignoreOutgoing?: (request: OutgoingRequestInfo) => boolean
}

/** The pieces the server, client and fetch parts share. */
export interface HttpInstrumentationContext {
  telemetry: HttpTelemetry
  options: InstrumentHttpOptions
  /** `http.server.request.duration`, created on first use. */
  serverDuration(): Histogram
  /** A histogram by name, created on first use (the body-size histograms). */
  histogram(name: string): Histogram
  /** Report a failure inside instrumentation (never thrown into the request). */
  fail(where: string, error: unknown): void
}

/** Whether the request belongs to this toolkit's own exporters. */
export function isOwnExport(userAgent: string | undefined): boolean {
  return typeof userAgent === 'string' && userAgent.startsWith('foundation-telemetry')
}
