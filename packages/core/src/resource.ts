import { hostname } from 'node:os'
import { invalidInput, type TelemetryError } from './errors.ts'
import type { Attributes, AttributeValue } from './types.ts'

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>

/** The identity of a telemetry instance, as resource attributes and as enrichment values. */
export interface ResolvedResource {
  service: string
  layer: string | undefined
  environment: string
  host: string
  pid: number
  attributes: Readonly<Attributes>
}

/** Inputs to {@link resolveResource}. */
export interface ResourceInput {
  service?: string | undefined
  layer?: string | undefined
  environment?: string | undefined
  resource?: Attributes | undefined
  env: Environment
  report: (error: TelemetryError) => void
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

/**
 * Parse `OTEL_RESOURCE_ATTRIBUTES`: a comma-separated `key=value` list, percent-encoded.
 * Malformed entries are reported and skipped; the rest are kept.
 */
export function parseResourceAttributes(
  value: string | undefined,
  report: (error: TelemetryError) => void,
): Record<string, string> {
  const result: Record<string, string> = {}
  if (value === undefined || value.trim() === '') return result
  for (const entry of value.split(',')) {
    if (entry.trim() === '') continue
    const eq = entry.indexOf('=')
    const key = eq > 0 ? decode(entry.slice(0, eq).trim()) : undefined
    const val = eq > 0 ? decode(entry.slice(eq + 1).trim()) : undefined
    if (key === undefined || key === '' || val === undefined) {
      report(
        invalidInput(`OTEL_RESOURCE_ATTRIBUTES: skipped malformed entry '${entry}'`, {
          api: 'OTEL_RESOURCE_ATTRIBUTES',
          entry,
        }),
      )
      continue
    }
    result[key] = val
  }
  return result
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== ''

/**
 * Resolve service, environment and resource attributes. Precedence, highest first: the options,
 * `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, `NODE_ENV`, then the defaults
 * (`unknown_service:node`, `development`).
 */
export function resolveResource(input: ResourceInput): ResolvedResource {
  const fromEnv = parseResourceAttributes(input.env.OTEL_RESOURCE_ATTRIBUTES, input.report)
  const extra: Attributes = { ...fromEnv, ...(input.resource ?? {}) }
  const service =
    [input.service, input.env.OTEL_SERVICE_NAME, extra['service.name']].find(nonEmpty) ??
    'unknown_service:node'
  const environment =
    [
      input.environment,
      extra['deployment.environment.name'],
      extra['deployment.environment'],
      input.env.NODE_ENV,
    ].find(nonEmpty) ?? 'development'
  const host = nonEmpty(extra['host.name']) ? extra['host.name'] : safeHostname()
  const layer = nonEmpty(input.layer) ? input.layer : undefined
  const attributes: Record<string, AttributeValue> = {
    'telemetry.sdk.name': '@foundation-telemetry/core',
    'telemetry.sdk.language': 'nodejs',
    'host.name': host,
    'process.pid': process.pid,
  }
  for (const key in extra) {
    const value = extra[key]
    if (value !== undefined) attributes[key] = value
  }
  attributes['service.name'] = service
  attributes['deployment.environment.name'] = environment
  if (layer !== undefined) attributes['foundation.layer'] = layer
  return { service, layer, environment, host, pid: process.pid, attributes: Object.freeze(attributes) }
}

function safeHostname(): string {
  try {
    return hostname()
  } catch {
    return 'unknown'
  }
}
