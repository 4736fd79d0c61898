/** Runs Debian's promtool (`/usr/bin/promtool`) and returns its exit code and output. */
import { spawn } from 'node:child_process'
import { once } from 'node:events'

export const PROMTOOL = '/usr/bin/promtool'

export async function promtool(
  args: string[],
  cwd?: string,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(PROMTOOL, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd === undefined ? {} : { cwd }),
  })
  let output = ''
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString()
  })
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString()
  })
  const [code] = (await once(child, 'exit')) as [number | null]
  return { code, output }
}
