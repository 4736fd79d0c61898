/** promtool of the test machine, run through the shared command runner. */
import { PROMTOOL } from '../../../tooling/testing/promqlCheck.ts'
import { type CommandResult, runCommand } from '../../../tooling/testing/runCommand.ts'

export { PROMTOOL }

/** Run promtool with `args` (in `cwd`) to completion. */
export function promtool(args: string[], cwd?: string): Promise<CommandResult> {
  return runCommand(PROMTOOL, args, { cwd })
}
