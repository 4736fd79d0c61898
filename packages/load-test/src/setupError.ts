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
    super(`scenarios.${scenario}.setup failed: ${outcome.ok ? 'unknown error' : outcome.message}`, options)
    this.scenario = scenario
  }
}
