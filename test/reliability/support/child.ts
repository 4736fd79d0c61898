/** Run a fixture program under Node with the workspace sources, and collect what it printed. */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('..', import.meta.url))

export interface ChildResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Run `fixtures/<name>.ts` with `args` and wait for it to exit. */
export async function runFixture(name: string, args: string[]): Promise<ChildResult> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', join(here, 'fixtures', `${name}.ts`), ...args],
    {
      cwd: here,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString()
  })
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString()
  })
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null]
  return { code, signal, stdout, stderr }
}
