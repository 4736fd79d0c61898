#!/usr/bin/env node
// Runs the demo from its TypeScript sources with Node's type stripping (Node >= 22.18 / 24):
// no build step. `--conditions=source` resolves the workspace packages to their src/ too.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url))
const child = spawn(process.execPath, ['--conditions=source', main, ...process.argv.slice(2)], {
  stdio: 'inherit',
})

// Ctrl-C reaches the whole process group, so the child sees SIGINT itself; this process only
// waits for it. SIGTERM is sent to this process alone, so pass it on.
process.on('SIGINT', () => {})
process.on('SIGTERM', () => child.kill('SIGTERM'))
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal === null ? 1 : 128 + 15))
})
