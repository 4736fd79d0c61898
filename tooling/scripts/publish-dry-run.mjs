#!/usr/bin/env node
// A publish dry run of every public package, as `pnpm release` would publish them (workspace
// ranges rewritten, `files` applied), without contacting the registry's publish endpoint.
import { spawnSync } from 'node:child_process'
import { publicPackages } from './workspace.mjs'

let failed = 0
for (const { dir, name, version } of publicPackages()) {
  const run = spawnSync('pnpm', ['publish', '--dry-run', '--no-git-checks', '--access', 'public', '--json'], {
    cwd: dir,
    encoding: 'utf8',
  })
  if (run.status !== 0) {
    failed++
    console.log(`✘ ${name}@${version}\n${run.stdout}${run.stderr}`)
    continue
  }
  const start = run.stdout.indexOf('{')
  const parsed = start >= 0 ? JSON.parse(run.stdout.slice(start)) : undefined
  const report = parsed?.[name] ?? parsed
  const files = report?.files?.length ?? '?'
  const size = report?.unpackedSize ? `${(report.unpackedSize / 1024).toFixed(1)} kB` : '?'
  console.log(`✔ ${name}@${version}: ${files} files, ${size} unpacked`)
}
process.exit(failed === 0 ? 0 : 1)
