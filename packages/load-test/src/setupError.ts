import { safeText } from '@foundation-telemetry/core'
import type { Outcome } from './iteration.ts'

/**
 * A scenario's `setup` threw or rejected: the test did not start (setups that had run were torn
 * down). `scenario` names it; `cause` is the original error.
 */
export class LoadTestSetupError extends Error {
  override readonly name = 'LoadTestSetupError'
  readonly code = 'setup_failed'
  readonly scenario: string

  constructor(scenario: string, outcome: Outcome, options?: { cause?: unknown }) {
    super(`scenarios.${safeText(scenario)}.setup failed: ${problemOf(outcome)}`, causeOf(options))
    this.scenario = safeText(scenario)
  }
}

function problemOf(outcome: Outcome): string {
  try {
    return outcome.ok ? 'unknown error' : safeText(outcome.message)
  } catch {
    return 'unknown error'
  }
}

function causeOf(options: { cause?: unknown } | undefined): { cause?: unknown } | undefined {
  try {
    return typeof options === 'object' && options !== null && 'cause' in options
      ? { cause: options.cause }
      : undefined
  } catch {
    return undefined
  }
}
