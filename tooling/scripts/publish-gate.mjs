#!/usr/bin/env node
// The publish gate: every public package must pass `publint --strict` and `attw --pack`.
// Run after `pnpm build`. Prints one line per package and check; exits 1 on any finding.
import { spawnSync } from 'node:child_process'
import { publicPackages } from './workspace.mjs'

let failures = 0
for (const { dir, name } of publicPackages()) {
  for (const [label, cmd, args] of [
    ['publint --strict', 'publint', ['--strict', dir]],
    // Default (strict) profile, node10 included: subpath exports carry `typesVersions` for it.
    ['attw --pack', 'attw', ['--pack', dir, '--format', 'ascii']],
  ]) {
    const run = spawnSync(cmd, args, { encoding: 'utf8' })
    const ok = run.status === 0
    if (!ok) failures++
    console.log(`${ok ? '✔' : '✘'} ${name}: ${label}`)
    if (!ok) console.log(`${run.stdout}${run.stderr}`.replace(/^/gm, '    '))
  }
}
console.log(`publish gate: ${failures === 0 ? 'clean' : `${failures} finding(s)`}`)
process.exit(failures === 0 ? 0 : 1)
