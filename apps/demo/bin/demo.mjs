#!/usr/bin/env node
// Runs the demo from its TypeScript sources with Node's type stripping (Node >= 22.18 / 24):
// no build step. source-conditions.mjs resolves the workspace packages to their src/ too.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url))
const hooks = fileURLToPath(new URL('./source-conditions.mjs', import.meta.url))
const child = spawn(process.execPath, ['--import', hooks, main, ...process.argv.slice(2)], {
  stdio: 'inherit',
})

// Ctrl-C reaches the whole process group, so the child sees SIGINT itself; this process only
// waits for it. SIGTERM is sent to this process alone, so pass it on.
process.on('SIGINT', () => {})
process.on('SIGTERM', () => child.kill('SIGTERM'))
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal === null ? 1 : 128 + 15))
})

// A launcher that dies of a signal does not pass it on: `npx pnpm demo` is npx -> a shell
// wrapper -> pnpm -> sh -> a shell wrapper -> this process, and SIGTERM to npx kills npx alone.
// So watch the chain of ancestors this process started under: when any link breaks (an
// ancestor died and its child was adopted), stop the demo as SIGTERM would, flush included.
const chain = launcherChain()
const watch = setInterval(() => {
  if (chainBroken(chain)) {
    clearInterval(watch)
    child.kill('SIGTERM')
  }
}, 250)
watch.unref()

/** The parent of `pid` (Linux /proc), or undefined where it cannot be read. */
function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (in parentheses) may contain spaces: fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const state = fields[0]
    return state === 'Z' || state === 'X' ? undefined : Number(fields[1])
  } catch {
    return undefined
  }
}

/** [ppid, its parent, ...] up to (not including) pid 1, as far as it can be read. */
function launcherChain() {
  const pids = [process.ppid]
  while (pids.length < 32) {
    const next = parentOf(pids[pids.length - 1])
    if (next === undefined || next <= 1) break
    pids.push(next)
  }
  return pids
}

/** Whether this process or any ancestor in `pids` now has a different parent (or is gone). */
function chainBroken(pids) {
  if (process.ppid !== pids[0]) return true
  for (let i = 0; i + 1 < pids.length; i++) if (parentOf(pids[i]) !== pids[i + 1]) return true
  return false
}
