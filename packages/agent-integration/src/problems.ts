import { dataDropped, invalidInput, type Metadata, type TelemetryError } from '@foundation-telemetry/core'

/** What reporting needs of a telemetry instance. */
/** The `api` detail of every problem `createAgentInstrumentation` and its handles report. */
export const API = 'agentInstrumentation'

export interface Reporter {
  reportError(error: TelemetryError): void
}

/**
 * Report bad input through core's error hook (the `telemetry.input.invalid` event, `onError`, and
 * `stats().invalid_input`), naming the event or API it came from. Never throws.
 */
export function reportInvalid(
  t: Reporter,
  api: string,
  message: string,
  details: Record<string, unknown> = {},
): void {
  report(t, invalidInput(message, { api, ...details }))
}

/** Report data this package had to let go of (a bound was reached): `telemetry.data.dropped`. */
export function reportDropped(
  t: Reporter,
  source: string,
  message: string,
  details: Record<string, unknown> = {},
): void {
  report(t, dataDropped(message, { source, reason: message, ...details }))
}

function report(t: Reporter, error: TelemetryError): void {
  try {
    t.reportError(error)
  } catch {
    // reportError never throws by contract; a stand-in telemetry object might.
  }
}

/** A non-empty string id from metadata, or undefined. Numbers are accepted and stringified. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** A finite number, or undefined. */
export function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/** `metadata` without its undefined values (optional fields stay absent, not `undefined`). */
export function compact(metadata: Metadata): Metadata {
  const out: Metadata = {}
  for (const key in metadata) if (metadata[key] !== undefined) out[key] = metadata[key]
  return out
}
