/**
 * Runs a program of the test machine (promtool, amtool, a CLI under test) to its end and returns
 * its exit and what it printed: each stream alone, and both together in the order they arrived.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'

/** How the program ended and what it printed. */
export interface CommandResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** stdout and stderr together, in the order they arrived. */
  output: string
}

/** Where and how to run it. */
export interface CommandOptions {
  cwd?: string | undefined
  env?: NodeJS.ProcessEnv | undefined
  /** Written to stdin, which is then closed. Without it stdin is closed empty. */
  input?: string | undefined
}

/** Runs `command` with `args` until it exits and its output streams close. */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const child = spawn(command, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
  })
  const result: CommandResult = { code: null, signal: null, stdout: '', stderr: '', output: '' }
  child.stdout.on('data', (chunk: Buffer) => {
    result.stdout += chunk.toString()
    result.output += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    result.stderr += chunk.toString()
    result.output += chunk.toString()
  })
  // Without input, stdin is closed at once: the program reads end of file, as from /dev/null.
  child.stdin.end(options.input)
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null]
  result.code = code
  result.signal = signal
  return result
}
