/**
 * Telemetry reports problems instead of throwing them (house rule: telemetry never breaks the
 * host). Each problem is a {@link TelemetryError} with a stable `code`, delivered once to the
 * `onError` hook, emitted as a `telemetry.*` event, and counted in `stats()`.
 */
import { CodedError } from './codedError.ts'

/** Stable error codes. Extend with care: users match on them. */
export const TelemetryErrorCode = {
  /** A handler threw. Event: `telemetry.handler.failure`. */
  HANDLER_FAILURE: 'handler_failure',
  /** Bad input to an API (wrong type, missing name, non-finite value...). Event: `telemetry.input.invalid`. */
  INVALID_INPUT: 'invalid_input',
  /** Data was dropped (full queue, cardinality limit, oversized payload). Event: `telemetry.data.dropped`. */
  DATA_DROPPED: 'data_dropped',
  /** A malformed propagation header was ignored. Event: `telemetry.input.invalid`. */
  INVALID_CONTEXT: 'invalid_context',
  /** An exporter failed to deliver. Event: `telemetry.export.failure`. */
  EXPORT_FAILURE: 'export_failure',
} as const
export type TelemetryErrorCode = (typeof TelemetryErrorCode)[keyof typeof TelemetryErrorCode]

/** A problem telemetry absorbed. Never thrown into the host program. */
export class TelemetryError extends CodedError<TelemetryErrorCode> {
  override readonly name = 'TelemetryError'
  /** Structured details (event name, handler id, metric name, ...). */
  readonly details: Readonly<Record<string, unknown>>

  constructor(
    code: TelemetryErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, options)
    this.details = typeof details === 'object' && details !== null ? details : {}
  }
}

type Details = Record<string, unknown>
type Cause = { cause?: unknown }

/** `handler_failure`: a handler (or user callback) threw. One line at each call site. */
export function handlerFailure(message: string, details?: Details, options?: Cause): TelemetryError {
  return new TelemetryError(TelemetryErrorCode.HANDLER_FAILURE, message, details, options)
}

/** `invalid_input`: an API was given something it cannot use; the call does the safe thing instead. */
export function invalidInput(message: string, details?: Details, options?: Cause): TelemetryError {
  return new TelemetryError(TelemetryErrorCode.INVALID_INPUT, message, details, options)
}

/** `data_dropped`: data was let go of (a bound was reached, a payload was too large). */
export function dataDropped(message: string, details?: Details, options?: Cause): TelemetryError {
  return new TelemetryError(TelemetryErrorCode.DATA_DROPPED, message, details, options)
}

/** `invalid_context`: a malformed propagation header was ignored. */
export function invalidContext(message: string, details?: Details, options?: Cause): TelemetryError {
  return new TelemetryError(TelemetryErrorCode.INVALID_CONTEXT, message, details, options)
}

/** `export_failure`: an exporter (or notifier) could not deliver. */
export function exportFailure(message: string, details?: Details, options?: Cause): TelemetryError {
  return new TelemetryError(TelemetryErrorCode.EXPORT_FAILURE, message, details, options)
}
