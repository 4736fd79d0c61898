/**
 * Checks the metadata and measurements of Foundation events against the taxonomy: a required key
 * that is missing, or a value of the wrong type, is reported once per event and key through the
 * error hook (`telemetry.input.invalid`). The event is still recorded (a missing tag is left out),
 * so one bad emitter never changes the other metrics.
 */
import { type Metadata, TelemetryErrorCode } from '@foundation-telemetry/core'
import { type EventDefinition, eventDefinitions } from '@foundation-telemetry/taxonomy'
import type { OnceReporter } from './reportOnce.ts'

/** One required metadata key and how to recognise a good value. */
export interface FieldCheck {
  readonly key: string
  readonly type: string
  readonly optional: boolean
  readonly ok: (value: unknown) => boolean
}

function checkerFor(type: string): (value: unknown) => boolean {
  switch (type) {
    case 'string':
      return (v) => typeof v === 'string'
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v)
    case 'boolean':
      return (v) => typeof v === 'boolean'
    case 'string[]':
    case 'object[]':
      return Array.isArray
    case 'object':
      return (v) => typeof v === 'object' && v !== null
    case 'unknown':
      return () => true
    default: {
      // `a|b|c`: one of the literals.
      const allowed = new Set(type.split('|'))
      return (v) => typeof v === 'string' && allowed.has(v)
    }
  }
}

/** The events the collector checks: every `foundation.*` event except core's runtime samples. */
export function checkedEvents(): readonly EventDefinition[] {
  return eventDefinitions.filter((d) => d.layer === 'foundation' && !d.name.startsWith('foundation.runtime.'))
}

/** Required keys per event name, typed optional keys checked only when present. */
function compile(definitions: readonly EventDefinition[]): Map<string, readonly FieldCheck[]> {
  const out = new Map<string, readonly FieldCheck[]>()
  for (const d of definitions) {
    out.set(
      d.name,
      d.metadata.map((f) => ({
        key: f.key,
        type: f.type,
        optional: f.optional,
        ok: checkerFor(f.type),
      })),
    )
  }
  return out
}

/** The fields checked per event name (events without fields are left out). */
export function compileInputChecks(): Map<string, readonly FieldCheck[]> {
  const checks = compile(checkedEvents())
  for (const [event, fields] of checks) if (fields.length === 0) checks.delete(event)
  return checks
}

/**
 * Check `metadata` of `event` against `fields`: a missing required key, or a value of the wrong
 * type, is reported once per event and key. Measurements are not checked here: instruments
 * already reject and count non-finite values.
 */
export function checkMetadata(
  event: string,
  metadata: Metadata,
  fields: readonly FieldCheck[],
  reporter: OnceReporter,
): void {
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as FieldCheck
    const value = metadata[field.key]
    if (value === undefined || value === null) {
      if (!field.optional) missing(event, field, reporter)
    } else if (!field.ok(value)) {
      wrongType(event, field, value, reporter)
    }
  }
}

function missing(event: string, field: FieldCheck, reporter: OnceReporter): void {
  reporter.report(
    `${event}:${field.key}`,
    TelemetryErrorCode.INVALID_INPUT,
    `${event}: metadata ${field.key} is missing`,
    { api: 'foundation-collector', event_name: event, key: field.key },
  )
}

function wrongType(event: string, field: FieldCheck, value: unknown, reporter: OnceReporter): void {
  reporter.report(
    `${event}:${field.key}`,
    TelemetryErrorCode.INVALID_INPUT,
    `${event}: metadata ${field.key} should be ${field.type}, got ${typeof value}`,
    { api: 'foundation-collector', event_name: event, key: field.key },
  )
}
