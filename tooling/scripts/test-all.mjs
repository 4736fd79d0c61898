#!/usr/bin/env node
// `pnpm test`: every check CI runs, in order, each step named as it starts and timed as it ends.
// All steps run even when one fails, so one CI run shows every problem; the exit code is non-zero
// if any failed. The last line repeats the test counts.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'

const steps = [
  ['lint (biome)', 'biome', ['check', '.']],
  ['typecheck (tsc, all packages)', 'tsc', ['-p', 'tsconfig.json']],
  ['no wall-time waits in tests', 'node', ['tooling/scripts/check-sleeps.mjs']],
  ['unit, type and integration tests (vitest)', 'vitest', ['run']],
  ['build (tsdown, ESM + CJS + d.ts)', 'turbo', ['run', 'build', '--output-logs=errors-only']],
  ['publish gate (publint --strict, attw --pack)', 'node', ['tooling/scripts/publish-gate.mjs']],
  ['packed tarballs install and import outside the repo', 'node', ['tooling/scripts/pack-smoke.mjs']],
  ['publish dry run', 'node', ['tooling/scripts/publish-dry-run.mjs']],
  [
    'benchmark smoke (shape only, never timed)',
    'node',
    ['--conditions=source', '--expose-gc', 'bench/run.ts', '--smoke'],
  ],
]

const only = process.argv.slice(2)
const results = []
rmSync('.tmp/test-summary.json', { force: true })
for (const [name, cmd, args] of steps) {
  if (only.length > 0 && !only.some((o) => name.includes(o))) continue
  console.log(`\n▶ ${name}`)
  const started = performance.now()
  const run = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  const ok = run.status === 0
  results.push({ name, ok, seconds })
  console.log(`${ok ? '✔' : '✘'} ${name} (${seconds} s)${ok ? '' : ` exit ${run.status ?? run.signal}`}`)
}

console.log('\nSummary')
for (const r of results) console.log(`  ${r.ok ? '✔' : '✘'} ${r.name} (${r.seconds} s)`)
const failedSteps = results.filter((r) => !r.ok).length
if (existsSync('.tmp/test-summary.json')) {
  const t = JSON.parse(readFileSync('.tmp/test-summary.json', 'utf8'))
  console.log(`\nchecks: ${results.length - failedSteps} passed, ${failedSteps} failed`)
  console.log(`tests: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`)
} else {
  console.log(`\nchecks: ${results.length - failedSteps} passed, ${failedSteps} failed`)
}
process.exit(failedSteps === 0 ? 0 : 1)
