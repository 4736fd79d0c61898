import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const file = fileURLToPath(new URL('./nodeTest.node.ts', import.meta.url))

it('the non-matcher API passes under node:test', async () => {
  const child = spawn(process.execPath, ['--test', '--test-reporter=tap', '--conditions=source', file], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, NODE_OPTIONS: '' },
  })
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  expect(output).toMatch(/# pass 3\b/)
  expect(output).toMatch(/# fail 0\b/)
  expect(code, output).toBe(0)
}, 30_000)
