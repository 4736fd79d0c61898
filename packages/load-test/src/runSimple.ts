import type { Duration } from './duration.ts'
import { unreadableOptions } from './loadTestError.ts'
import type { IterationContext, LoadTestOptions } from './options.ts'
import type { LoadTestReport } from './report.ts'
import { runLoadTest } from './runLoadTest.ts'

/** Options of {@link runSimple}: a duration and a concurrency, plus any {@link LoadTestOptions} but scenarios and executor. */
export interface RunSimpleOptions extends Omit<LoadTestOptions, 'scenarios' | 'executor'> {
  /** How long to run. Defaults to 10 s. */
  duration?: Duration
  /** VUs running `fn` back to back. Defaults to 10. */
  concurrency?: number
  /** The scenario's name in the report. Defaults to `'default'`. */
  scenario?: string
  /** Iteration timeout. Defaults to the test's `timeout`. */
  iterationTimeout?: Duration
}

/**
 * Load-test one function: `concurrency` VUs call it back to back for `duration` (the closed
 * model). The report is {@link runLoadTest}'s, with one scenario.
 *
 * @example
 * ```ts
 * const report = await runSimple(async () => { await fetch('http://127.0.0.1:3000/') }, { duration: '60s', concurrency: 100 })
 * console.log(report.total.throughput, report.total.latency.p99)
 * ```
 */
export function runSimple(
  fn: (ctx: IterationContext<undefined>) => unknown,
  options: RunSimpleOptions = {},
): Promise<LoadTestReport> {
  let rest: Omit<RunSimpleOptions, 'duration' | 'concurrency' | 'scenario' | 'iterationTimeout'>
  let duration: Duration | undefined
  let concurrency: number | undefined
  let scenario: string | undefined
  let iterationTimeout: Duration | undefined
  try {
    ;({ duration, concurrency, scenario, iterationTimeout, ...rest } = options ?? {})
  } catch (error) {
    // Unreadable options reject like any invalid option: before anything runs, naming the field.
    return Promise.reject(unreadableOptions(error))
  }
  return runLoadTest({
    ...rest,
    scenarios: [
      {
        name: scenario ?? 'default',
        run: fn,
        ...(iterationTimeout === undefined ? {} : { timeout: iterationTimeout }),
      },
    ],
    executor: { type: 'constant-vus', vus: concurrency ?? 10, duration: duration ?? '10s' },
  })
}
