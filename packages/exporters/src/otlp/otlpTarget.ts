/**
 * Where and how one OTLP signal is sent: its URL, encoding, compression, headers and timeout,
 * each from the exporter's options first, then the signal's `OTEL_EXPORTER_OTLP_<SIGNAL>_*`
 * variable, then the general `OTEL_EXPORTER_OTLP_*` one, then the specification's default.
 */
import { type Env, type OtlpSignal, readOtlpEnv, signalUrl } from '../shared/otelEnv.ts'

/** The endpoint the specification names when none is configured. */
export const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318'

/** The options that decide a signal's target (a subset of the exporter's options). */
export interface OtlpTargetOptions {
  endpoint?: string | undefined
  tracesEndpoint?: string | undefined
  metricsEndpoint?: string | undefined
  logsEndpoint?: string | undefined
  protocol?: 'http/protobuf' | 'http/json' | undefined
  headers?: Record<string, string> | undefined
  compression?: 'gzip' | 'none' | undefined
  timeout?: number | undefined
}

/** The resolved target of one signal. */
export interface OtlpTarget {
  readonly url: string
  /** `http/json` rather than `http/protobuf`. */
  readonly json: boolean
  readonly gzip: boolean
  /** Request headers, `Content-Type` and `Content-Encoding` included. */
  readonly headers: Readonly<Record<string, string>>
  /** Per-request timeout, ms. */
  readonly timeout: number
}

/**
 * Resolve the target of `signal`.
 *
 * @example
 * resolveOtlpTarget('traces', { endpoint: 'http://collector:4318' }, {}).url // 'http://collector:4318/v1/traces'
 */
export function resolveOtlpTarget(signal: OtlpSignal, options: OtlpTargetOptions, env: Env): OtlpTarget {
  const fromEnv = readOtlpEnv(signal, env)
  const specific =
    signal === 'traces'
      ? options.tracesEndpoint
      : signal === 'metrics'
        ? options.metricsEndpoint
        : options.logsEndpoint
  const url =
    specific ??
    (options.endpoint ? signalUrl(options.endpoint, signal) : undefined) ??
    fromEnv.endpoint ??
    signalUrl(DEFAULT_OTLP_ENDPOINT, signal)
  const protocol = options.protocol ?? fromEnv.protocol ?? 'http/protobuf'
  const compression = options.compression ?? fromEnv.compression ?? 'none'
  const headers: Record<string, string> = {
    ...fromEnv.headers,
    ...options.headers,
    'Content-Type': protocol === 'http/json' ? 'application/json' : 'application/x-protobuf',
    'User-Agent': 'foundation-telemetry-otlp',
  }
  if (compression === 'gzip') headers['Content-Encoding'] = 'gzip'
  return {
    url,
    json: protocol === 'http/json',
    gzip: compression === 'gzip',
    headers,
    timeout: options.timeout ?? fromEnv.timeout ?? 10_000,
  }
}
