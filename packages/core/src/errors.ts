/**
 * Telemetry reports problems instead of throwing them (house rule: telemetry never breaks the
 * host). Each problem is a {@link TelemetryError} with a stable `code`, delivered once to the
 * `onError` hook, emitted as a `telemetry.*` event, and counted in `stats()`.
 */

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
export class TelemetryError extends Error {
  override readonly name = 'TelemetryError'
  readonly code: TelemetryErrorCode
  /** Structured details (event name, handler id, metric name, ...). */
  readonly details: Readonly<Record<string, unknown>>

  constructor(
    code: TelemetryErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    // Built on error paths from whatever the caller passed: never throw while describing a problem.
    super(safeMessage(message), safeOptions(options))
    this.code = code
    this.details = typeof details === 'object' && details !== null ? details : {}
  }
}

function safeMessage(message: unknown): string {
  try {
    return String(message)
  } catch {
    return 'unreadable message'
  }
}

function safeOptions(options: unknown): { cause?: unknown } | undefined {
  try {
    return typeof options === 'object' && options !== null && 'cause' in options
      ? { cause: (options as { cause?: unknown }).cause }
      : undefined
  } catch {
    return undefined
  }
}
