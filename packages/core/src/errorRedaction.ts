/**
 * Error reports leave the process too (the `onError` hook logs them, `telemetry.*` events are
 * exported), and their messages quote the values that caused them: a metric name, a tag value,
 * a handler's error. So a report passes through the instance's redaction policy before anyone
 * sees it.
 */
import { TelemetryError } from './errors.ts'
import type { Redactor } from './redaction.ts'

/**
 * `error` with its message, details and cause redacted: the same object when nothing needed
 * redacting, else a new {@link TelemetryError} with the same code. An `Error` among the details
 * (or the cause) whose message holds a secret is replaced by a copy with the message redacted.
 */
export function redactTelemetryError(error: TelemetryError, redact: Redactor): TelemetryError {
  let changed = false
  const message = redact(error.message)
  if (message !== error.message) changed = true
  const details: Record<string, unknown> = {}
  for (const key of Object.keys(error.details)) {
    const value = error.details[key]
    const redacted = value instanceof Error ? redactErrorObject(value, redact) : redact({ [key]: value })[key]
    if (redacted !== value) changed = true
    Object.defineProperty(details, key, {
      value: redacted,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  const cause = error.cause instanceof Error ? redactErrorObject(error.cause, redact) : error.cause
  if (cause !== error.cause) changed = true
  if (!changed) return error
  const copy = new TelemetryError(error.code, message, details, cause === undefined ? undefined : { cause })
  if (error.stack !== undefined) copy.stack = redact(error.stack)
  return copy
}

/** `error`, or a copy of the same name whose message (and stack) are redacted. */
function redactErrorObject(error: Error, redact: Redactor): Error {
  const message = redact(String(error.message))
  if (message === error.message) return error
  const copy = new Error(message)
  copy.name = error.name
  if (error.stack !== undefined) copy.stack = redact(error.stack)
  return copy
}
