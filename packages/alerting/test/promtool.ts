/** Runs a command-line tool of the test machine (promtool, amtool) and returns its exit code and output. */
import { spawn } from 'node:child_process'
import { once } from 'node:events'

export const PROMTOOL = '/usr/bin/promtool'

/** Run `cmd` with `args` to completion, stdout and stderr together. */
export async function runTool(
  cmd: string,
  args: string[],
  cwd?: string,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd === undefined ? {} : { cwd }) })
  let output = ''
  const append = (c: Buffer) => {
    output += c.toString()
  }
  child.stdout.on('data', append)
  child.stderr.on('data', append)
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, output }
}

/** Run promtool. */
export function promtool(args: string[], cwd?: string): Promise<{ code: number | null; output: string }> {
  return runTool(PROMTOOL, args, cwd)
}
