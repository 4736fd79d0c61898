import { withCorrelationId } from './correlation.ts'
import { invalidInput, TelemetryError } from './errors.ts'
import type { Telemetry } from './types.ts'

/**
 * `t.withCorrelationId(id, fn)`: a non-function `fn` is reported (nothing runs), an invalid `id`
 * is reported and `fn` runs without one.
 */
export function guardedWithCorrelationId(
  report: (error: TelemetryError) => void,
): Telemetry['withCorrelationId'] {
  return (id, fn) => {
    if (typeof fn !== 'function') {
      report(
        invalidInput('withCorrelationId: fn must be a function', {
          api: 'withCorrelationId',
        }),
      )
      return undefined as never
    }
    if (typeof id !== 'string' || id === '') {
      report(
        invalidInput('withCorrelationId: id must be a non-empty string', {
          api: 'withCorrelationId',
        }),
      )
      return fn()
    }
    return withCorrelationId(id, fn)
  }
}

/** `instanceof TelemetryError`, false for a value whose prototype cannot be read (a revoked Proxy). */
function isTelemetryError(value: unknown): value is TelemetryError {
  try {
    return value instanceof TelemetryError
  } catch {
    return false
  }
}

/** `t.reportError(error)`: anything but a {@link TelemetryError} is itself reported as invalid input. */
export function guardedReportError(report: (error: TelemetryError) => void): Telemetry['reportError'] {
  return (error) => {
    if (isTelemetryError(error)) report(error)
    else
      report(
        invalidInput('reportError: expected a TelemetryError', {
          api: 'reportError',
          error,
        }),
      )
  }
}
