/**
 * Checks the metadata and measurements of Foundation events against the taxonomy: a required key
 * that is missing, or a value of the wrong type, is reported once per event and key through the
 * error hook (`telemetry.input.invalid`). The event is still recorded (a missing tag is left out),
 * so one bad emitter never changes the other metrics.
 */
import { type Metadata, type Telemetry, TelemetryErrorCode } from '@foundation-telemetry/core'
import { type EventDefinition, eventDefinitions } from '@foundation-telemetry/taxonomy'
import type { OnceReporter } from './reportOnce.ts'

/** One required metadata key and how to recognise a good value. */
interface FieldCheck {
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

/**
 * Attach the check to every Foundation event. Returns a function that detaches it.
 *
 * @param id - The handler id, unique per collector.
 */
export function attachInputCheck(t: Telemetry, id: string, reporter: OnceReporter): () => void {
  const checks = compile(checkedEvents())
  // Measurements are not checked here: instruments already reject and count non-finite values.
  // One handler per event name, its fields in `config`: no lookup by name per event.
  const handler = (
    event: string,
    _measurements: Record<string, number>,
    metadata: Metadata,
    fields: readonly FieldCheck[],
  ) => {
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i] as FieldCheck
      const value = metadata[field.key]
      if (value === undefined || value === null) {
        if (!field.optional)
          reporter.report(
            `${event}:${field.key}`,
            TelemetryErrorCode.INVALID_INPUT,
            `${event}: metadata ${field.key} is missing`,
            { api: 'foundation-collector', event_name: event, key: field.key },
          )
      } else if (!field.ok(value)) {
        reporter.report(
          `${event}:${field.key}`,
          TelemetryErrorCode.INVALID_INPUT,
          `${event}: metadata ${field.key} should be ${field.type}, got ${typeof value}`,
          { api: 'foundation-collector', event_name: event, key: field.key },
        )
      }
    }
  }
  const detachers: Array<() => void> = []
  for (const [event, fields] of checks) {
    if (fields.length > 0)
      detachers.push(t.attach(`${id}:${event}`, event, handler, fields, { durable: true }))
  }
  return () => {
    for (const detach of detachers) detach()
  }
}
