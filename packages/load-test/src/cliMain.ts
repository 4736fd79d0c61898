/**
 * `ft-load run <scenario-file>`: load the file, merge the flags over it, run, print the table,
 * write the JSON and HTML reports. Bad input is one line naming the field and exit code 2 before
 * anything runs; a failed threshold exits 1; Ctrl-C stops the test and still reports (exit 130,
 * a second Ctrl-C quits at once).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { mergeOptions, parseCliArgs, USAGE } from './cliArgs.ts'
import { renderHtmlReport } from './htmlReport.ts'
import { LoadTestConfigError } from './loadTestError.ts'
import type { LoadTestOptions } from './options.ts'
import { planRun } from './plan.ts'
import { createProgressDisplay, type ProgressStream } from './progressDisplay.ts'
import { runLoadTest } from './runLoadTest.ts'
import { loadScenarioModule, moduleUrlOf } from './scenarioModule.ts'
import { LoadTestSetupError } from './setupError.ts'
import { renderTextReport } from './textReport.ts'

/** The process around the CLI, injectable for tests. */
export interface CliIo {
  stdout: ProgressStream
  stderr: ProgressStream
  /** Subscribe to Ctrl-C; returns an unsubscribe function. */
  onInterrupt: (handler: () => void) => () => void
  /** Quit immediately (second Ctrl-C). */
  exit: (code: number) => void
}

/** Exit codes of `ft-load`. */
export const ExitCode = { OK: 0, THRESHOLD_FAILED: 1, BAD_INPUT: 2, INTERRUPTED: 130 } as const

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: string
    }
    return pkg.version ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/** Run the CLI with `argv` (no node or script path); resolves with the exit code. */
export async function cliMain(argv: readonly string[], io: CliIo): Promise<number> {
  const fail = (error: unknown): number => {
    if (error instanceof LoadTestConfigError) {
      io.stderr.write(`ft-load: ${error.message}\n`)
      return ExitCode.BAD_INPUT
    }
    if (error instanceof LoadTestSetupError) {
      io.stderr.write(`ft-load: ${error.message}\n`)
      return ExitCode.BAD_INPUT
    }
    throw error
  }
  let options: LoadTestOptions
  let request: ReturnType<typeof parseCliArgs>
  try {
    request = parseCliArgs(argv)
    if (request.command === 'help') {
      io.stdout.write(`${USAGE}\n`)
      return ExitCode.OK
    }
    if (request.command === 'version') {
      io.stdout.write(`${version()}\n`)
      return ExitCode.OK
    }
    const file = await loadScenarioModule(request.file!)
    options = mergeOptions(file, request) as LoadTestOptions
    if ((options.workers ?? 0) > 0) options.module = moduleUrlOf(request.file!)
    // Everything is checked before setup or load: one line, exit 2, nothing half-run.
    planRun(options)
  } catch (error) {
    return fail(error)
  }

  const controller = new AbortController()
  let interrupts = 0
  const unsubscribe = io.onInterrupt(() => {
    interrupts++
    if (interrupts > 1) io.exit(ExitCode.INTERRUPTED)
    else {
      io.stderr.write('\nft-load: stopping, the report covers what ran (Ctrl-C again to quit now)\n')
      controller.abort()
    }
  })
  const progress = request.progress && !request.quiet ? createProgressDisplay(io.stderr) : undefined
  const userProgress = options.onProgress
  let report: Awaited<ReturnType<typeof runLoadTest>>
  try {
    report = await runLoadTest({
      ...options,
      signal: controller.signal,
      onProgress: (sample) => {
        progress?.update(sample)
        userProgress?.(sample)
      },
    })
  } catch (error) {
    progress?.finish()
    unsubscribe()
    return fail(error)
  }
  progress?.finish()
  unsubscribe()
  if (!request.quiet) io.stdout.write(`${renderTextReport(report, { color: io.stdout.isTTY === true })}\n`)
  if (request.out !== undefined) writeFileSync(request.out, `${JSON.stringify(report, null, 2)}\n`)
  if (request.html !== undefined) writeFileSync(request.html, renderHtmlReport(report))
  if (!report.passed) return ExitCode.THRESHOLD_FAILED
  return report.aborted === 'signal' ? ExitCode.INTERRUPTED : ExitCode.OK
}
