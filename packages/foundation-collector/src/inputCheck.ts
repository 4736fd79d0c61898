/**
 * Checks the metadata and measurements of Foundation events against the taxonomy: a required key
 * that is missing, or a value of the wrong type, is reported once per event and key through the
 * error hook (`telemetry.input.invalid`). The event is still recorded (a missing tag is left out),
 * so one bad emitter never changes the other metrics.
 */
import { type Metadata, TelemetryErrorCode } from '@foundation-telemetry/core'
import { type EventDefinition, eventDefinitions } from '@foundation-telemetry/taxonomy'
import type { OnceReporter } from './reportOnce.ts'

/** How a field's value is recognised: a type code, so the check is a switch, not a call. */
const Is = { String: 0, Number: 1, Boolean: 2, Array: 3, Object: 4, Anything: 5, OneOf: 6 } as const
type Is = (typeof Is)[keyof typeof Is]

/** One metadata key and how to recognise a good value. */
export interface FieldCheck {
  readonly key: string
  readonly type: string
  readonly optional: boolean
  readonly is: Is
  /** The literals of a `a|b|c` type; null for the other types. */
  readonly allowed: ReadonlySet<string> | null
}

function codeOf(type: string): Is {
  switch (type) {
    case 'string':
      return Is.String
    case 'number':
      return Is.Number
    case 'boolean':
      return Is.Boolean
    case 'string[]':
    case 'object[]':
      return Is.Array
    case 'object':
      return Is.Object
    case 'unknown':
      return Is.Anything
    default:
      // `a|b|c`: one of the literals.
      return Is.OneOf
  }
}

/** Whether `value` (neither undefined nor null) is of `field`'s type. */
function ok(field: FieldCheck, value: unknown): boolean {
  switch (field.is) {
    case Is.String:
      return typeof value === 'string'
    case Is.Number:
      return typeof value === 'number' && Number.isFinite(value)
    case Is.Boolean:
      return typeof value === 'boolean'
    case Is.Array:
      return Array.isArray(value)
    case Is.Object:
      return typeof value === 'object'
    case Is.Anything:
      return true
    default:
      return typeof value === 'string' && field.allowed !== null && field.allowed.has(value)
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
      d.metadata.map((f) => {
        const is = codeOf(f.type)
        return {
          key: f.key,
          type: f.type,
          optional: f.optional,
          is,
          allowed: is === Is.OneOf ? new Set(f.type.split('|')) : null,
        }
      }),
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
    checkValue(event, field, metadata[field.key], reporter)
  }
}

/** {@link checkMetadata} for one field whose value the caller has already read. */
export function checkValue(event: string, field: FieldCheck, value: unknown, reporter: OnceReporter): void {
  if (value === undefined || value === null) {
    if (!field.optional) missing(event, field, reporter)
  } else if (!ok(field, value)) {
    wrongType(event, field, value, reporter)
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
