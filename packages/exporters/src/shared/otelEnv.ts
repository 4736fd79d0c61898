/**
 * The standard OpenTelemetry environment variables, parsed once. Options passed in code always
 * win over these.
 */

/** An environment: `process.env` or a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>

/** The OTLP signals we export. */
export type OtlpSignal = 'traces' | 'metrics' | 'logs'

/** Resolved OTLP settings for one signal. */
export interface OtlpSignalEnv {
  endpoint: string | undefined
  protocol: 'http/protobuf' | 'http/json' | undefined
  headers: Record<string, string>
  /** Milliseconds. */
  timeout: number | undefined
  compression: 'gzip' | 'none' | undefined
}

/** Environment of the current process, or `{}` where there is none. */
export function processEnv(): Env {
  return typeof process === 'undefined' ? {} : process.env
}

/**
 * Parse a `key1=value1,key2=value2` list (`OTEL_RESOURCE_ATTRIBUTES`, `OTEL_EXPORTER_OTLP_HEADERS`):
 * entries trimmed, values percent-decoded, malformed entries skipped.
 */
export function parseKeyValueList(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (!value) return out
  for (const entry of value.split(',')) {
    const index = entry.indexOf('=')
    if (index <= 0) continue
    const key = entry.slice(0, index).trim()
    if (!key) continue
    out[key] = decode(entry.slice(index + 1).trim())
  }
  return out
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

const nonEmpty = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value.trim()

/** Join a base endpoint and a signal path (`/v1/traces`), avoiding a double slash. */
export function signalUrl(base: string, signal: OtlpSignal): string {
  return `${base.replace(/\/+$/, '')}/v1/${signal}`
}

/**
 * OTLP settings for `signal` from the environment: the per-signal variable first, then the
 * general one. `OTEL_EXPORTER_OTLP_ENDPOINT` gets `/v1/<signal>` appended; the per-signal
 * endpoint is used as is.
 */
export function readOtlpEnv(signal: OtlpSignal, env: Env = processEnv()): OtlpSignalEnv {
  const upper = signal.toUpperCase()
  const specific = nonEmpty(env[`OTEL_EXPORTER_OTLP_${upper}_ENDPOINT`])
  const base = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT)
  const endpoint = specific ?? (base ? signalUrl(base, signal) : undefined)
  const protocol =
    nonEmpty(env[`OTEL_EXPORTER_OTLP_${upper}_PROTOCOL`]) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_PROTOCOL)
  const timeout = Number(
    nonEmpty(env[`OTEL_EXPORTER_OTLP_${upper}_TIMEOUT`]) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_TIMEOUT),
  )
  const compression = (
    nonEmpty(env[`OTEL_EXPORTER_OTLP_${upper}_COMPRESSION`]) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_COMPRESSION)
  )?.toLowerCase()
  return {
    endpoint,
    protocol: protocol === 'http/json' || protocol === 'http/protobuf' ? protocol : undefined,
    headers: {
      ...parseKeyValueList(env.OTEL_EXPORTER_OTLP_HEADERS),
      ...parseKeyValueList(env[`OTEL_EXPORTER_OTLP_${upper}_HEADERS`]),
    },
    timeout: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
    compression: compression === 'gzip' || compression === 'none' ? compression : undefined,
  }
}

/** `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`: `cumulative` (default), `delta` or `lowmemory`. */
export function readTemporalityPreference(env: Env = processEnv()): 'cumulative' | 'delta' | undefined {
  const value = nonEmpty(env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE)?.toLowerCase()
  if (value === 'cumulative') return 'cumulative'
  // Our snapshots carry one temporality for all instruments; lowmemory's delta counters are closest.
  if (value === 'delta' || value === 'lowmemory') return 'delta'
  return undefined
}

/** `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` as resource attributes (service name wins). */
export function readResourceEnv(env: Env = processEnv()): Record<string, string> {
  const attributes = parseKeyValueList(env.OTEL_RESOURCE_ATTRIBUTES)
  const service = nonEmpty(env.OTEL_SERVICE_NAME)
  if (service) attributes['service.name'] = service
  return attributes
}
