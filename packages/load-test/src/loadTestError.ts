/**
 * The one error a load test throws: its options are wrong. It is raised before anything runs
 * (no setup, no VU), names the field, and carries a stable code, so the CLI can print one line
 * and exit 2. Failures of the system under test are never thrown: they are counted in the report.
 */
import { CodedError, safeText } from '@foundation-telemetry/core'
import { messageOf } from './safeText.ts'

/** Stable codes of {@link LoadTestConfigError}. */
export const LoadTestErrorCode = {
  /** An option is missing, has the wrong type, or cannot be parsed. */
  INVALID_OPTION: 'invalid_option',
  /** A scenario file could not be loaded or has no usable default export. */
  INVALID_SCENARIO_FILE: 'invalid_scenario_file',
} as const
export type LoadTestErrorCode = (typeof LoadTestErrorCode)[keyof typeof LoadTestErrorCode]

/**
 * Invalid load-test options. `field` is the path of the offending option
 * (`scenarios[1].weight`, `executor.duration`, `thresholds[0]`).
 *
 * @example
 * try { await runLoadTest(options) } catch (error) {
 *   if (error instanceof LoadTestConfigError) console.error(error.message) // "executor.duration: ..."
 * }
 */
export class LoadTestConfigError extends CodedError<LoadTestErrorCode> {
  override readonly name = 'LoadTestConfigError'
  /** The option path the problem is in. */
  readonly field: string

  constructor(field: string, problem: string, code: LoadTestErrorCode = LoadTestErrorCode.INVALID_OPTION) {
    super(
      Object.values(LoadTestErrorCode).includes(code) ? code : LoadTestErrorCode.INVALID_OPTION,
      `${safeText(field)}: ${safeText(problem)}`,
    )
    this.field = safeText(field)
  }
}

/**
 * Options whose reading threw (a throwing getter, a revoked proxy): the `options` field, and why,
 * in one sentence.
 */
export function unreadableOptions(error: unknown): LoadTestConfigError {
  return new LoadTestConfigError('options', `could not be read (${messageOf(error)})`)
}
