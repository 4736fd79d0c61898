import { type TelemetryError, TelemetryErrorCode } from './errors.ts'
import { dropRejection } from './thenable.ts'
import type { Measurements, Metadata, TelemetryStats } from './types.ts'

/** The `telemetry.*` event each error code is emitted as. */
export const errorEventNames: Readonly<Record<string, string>> = {
  [TelemetryErrorCode.HANDLER_FAILURE]: 'telemetry.handler.failure',
  [TelemetryErrorCode.INVALID_INPUT]: 'telemetry.input.invalid',
  [TelemetryErrorCode.INVALID_CONTEXT]: 'telemetry.input.invalid',
  [TelemetryErrorCode.DATA_DROPPED]: 'telemetry.data.dropped',
  [TelemetryErrorCode.EXPORT_FAILURE]: 'telemetry.export.failure',
}

/**
 * The event's metadata: the error's code, message and details, plus the keys the taxonomy
 * requires for that event (`api`, `source`/`reason`, `exporter`) when the details lack them.
 */
function eventMetadata(error: TelemetryError): Metadata {
  const details = error.details
  const metadata: Metadata = { code: error.code, message: error.message }
  switch (error.code) {
    case TelemetryErrorCode.INVALID_INPUT:
    case TelemetryErrorCode.INVALID_CONTEXT:
      metadata.api = 'unknown'
      break
    case TelemetryErrorCode.DATA_DROPPED:
      metadata.source = 'unknown'
      metadata.reason = error.message
      break
    case TelemetryErrorCode.EXPORT_FAILURE:
      metadata.exporter = 'unknown'
      break
  }
  return Object.assign(metadata, details)
}

/** The one place a telemetry instance reports problems it absorbed. */
export interface ErrorReporter {
  report(error: TelemetryError): void
  stats(): TelemetryStats
}

/** Options for {@link createErrorReporter}. */
export interface ErrorReporterOptions {
  /** The user's hook; a hook that throws (or an async one that rejects) is ignored. */
  onError?: ((error: TelemetryError) => void) | undefined
  /** Dispatches the `telemetry.*` event (the instance's `execute`). */
  emit: (event: string, measurements: Measurements, metadata: Metadata) => void
  /**
   * The instance's redaction policy, applied to each report before the hook or the event sees
   * it (reports quote the values that caused them). Defaults to none.
   */
  redact?: ((error: TelemetryError) => TelemetryError) | undefined
  /** Records the problem in telemetry's own health counters. */
  record?: ((error: TelemetryError) => void) | undefined
}

/**
 * Create the error reporter: each problem reaches `onError` once, is counted by code, and is
 * emitted as a `telemetry.*` event. A problem raised while such an event is being dispatched
 * (a failing handler of `telemetry.handler.failure`, say) is counted and passed to `onError` but
 * not emitted again, so a broken failure handler cannot loop.
 */
export function createErrorReporter(options: ErrorReporterOptions): ErrorReporter {
  const counts: Record<string, number> = {}
  const { onError, emit, redact, record } = options
  let emitting = false

  return {
    report(reported) {
      let error = reported
      if (redact !== undefined) {
        try {
          error = redact(reported)
        } catch {
          // Redaction never throws by contract; if it did, the report still counts.
        }
      }
      counts[error.code] = (counts[error.code] ?? 0) + 1
      record?.(error)
      if (onError !== undefined) {
        try {
          dropRejection(onError(error))
        } catch {
          // The hook is the user's; a broken hook must not break the host either.
        }
      }
      if (emitting) return
      emitting = true
      try {
        emit(errorEventNames[error.code] ?? 'telemetry.error', { count: 1 }, eventMetadata(error))
      } catch {
        // emit never throws by contract; this guards the guard.
      } finally {
        emitting = false
      }
    },
    stats: () => ({ ...counts }),
  }
}
