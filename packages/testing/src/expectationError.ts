/**
 * The error a helper rejects with when the expectation itself failed (timeout, a refuted event
 * arrived), as opposed to the action's own error, which is passed through unchanged.
 */
export class TelemetryExpectationError extends Error {
  override readonly name = 'TelemetryExpectationError'
  /** Which helper failed: `assertTelemetryEvent`, `waitForCondition`, ... */
  readonly helper: string

  constructor(helper: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.helper = helper
  }
}
