/**
 * The benchmark suite: `pnpm bench` (full run, writes bench/results.json and prints the table) or
 * `node --conditions=source bench/run.ts --smoke` (every case once with tiny iteration counts, checks
 * the results' shape, exits 0 when every case ran: for CI, never a timed check).
 *
 * Options: `--smoke` (or `BENCH_SMOKE=1`), `--rounds N` (worker rounds per side, median taken;
 * defaults to 5, 1 in smoke runs), `--only REGEX` (a subset; results.json is then not written unless
 * `--out` is given), `--out FILE`, `--markdown` (also print the table as Markdown).
 */
import { fork } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { CaseSpec } from './caseSpec.ts'
import { CASE_INDEX, loadCase } from './cases.ts'
import type { MeasureSettings } from './harness.ts'
import { type CaseOutcome, outcomeOf, type SideResult, validateRows } from './results.ts'
import { formatMarkdown, formatTable, roundRange } from './table.ts'
import type { SideName, WorkerResult } from './worker.ts'

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url))
const DEFAULT_OUT = fileURLToPath(new URL('./results.json', import.meta.url))

const { values: args } = parseArgs({
  // `pnpm bench -- --smoke` hands the separator through; it means nothing here.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    smoke: { type: 'boolean', default: process.env.BENCH_SMOKE === '1' },
    rounds: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string' },
    markdown: { type: 'boolean', default: false },
  },
})

const smoke = args.smoke === true
const rounds = Math.max(1, Number(args.rounds ?? (smoke ? 1 : 5)))
const only = args.only === undefined ? undefined : new RegExp(args.only)
const settings: MeasureSettings = { smoke }
// A hung side must not hold the whole suite past its 4-minute budget.
const WORKER_TIMEOUT_MS = smoke ? 60_000 : 90_000

function runWorker(id: string, side: SideName): Promise<WorkerResult> {
  return new Promise((resolve) => {
    let result: WorkerResult | undefined
    const child = fork(WORKER, [id, side, JSON.stringify(settings)], {
      execArgv: ['--conditions=source', '--expose-gc', '--disable-warning=ExperimentalWarning'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const timer = setTimeout(() => {
      result ??= { kind: 'error', message: `no result within ${WORKER_TIMEOUT_MS / 1000} s` }
      child.kill('SIGKILL')
    }, WORKER_TIMEOUT_MS)
    child.on('message', (message) => {
      result ??= message as WorkerResult
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      resolve(result ?? { kind: 'error', message: `worker exited (${signal ?? code}) without a result` })
    })
  })
}

function accumulate(side: SideResult, result: WorkerResult): SideResult {
  if (side.kind === 'error') return side
  if (result.kind === 'error') return { kind: 'error', message: result.message }
  if (result.kind === 'unavailable') return side.kind === 'value' ? side : result
  if (side.kind === 'value') return { kind: 'value', values: [...side.values, result.value] }
  return { kind: 'value', values: [result.value] }
}

async function runCase(spec: CaseSpec): Promise<CaseOutcome> {
  let ours: SideResult = { kind: 'none' }
  let peer: SideResult = { kind: 'none' }
  for (let round = 0; round < rounds; round++) {
    // Interleaved, so drift on a shared machine hits both sides alike.
    if (ours.kind !== 'unavailable' && ours.kind !== 'error')
      ours = accumulate(ours, await runWorker(spec.id, 'ours'))
    if (spec.peerSide && peer.kind !== 'error') peer = accumulate(peer, await runWorker(spec.id, 'peer'))
  }
  return outcomeOf(spec, ours, peer)
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? ''
}

const started = performance.now()
const entries = CASE_INDEX.filter((entry) => !only || only.test(entry.id))
const outcomes: CaseOutcome[] = []
for (const entry of entries) {
  const spec = await loadCase(entry)
  const outcome = await runCase(spec)
  outcomes.push(outcome)
  const { row } = outcome
  console.error(
    `${row.case}: ours ${row.ours ?? '-'} ${row.unit}, peer ${row.peer_value ?? '-'}, ratio ${row.ratio ?? '-'} ` +
      `(per round ${roundRange(outcome.roundRatios)}) ` +
      `[${outcome.status}]${outcome.notes.length ? ` ${firstLine(outcome.notes.join('; '))}` : ''}`,
  )
}

const rows = outcomes.map((outcome) => outcome.row)
const problems = validateRows(
  rows,
  entries.map((entry) => entry.id),
)
const out =
  args.out ??
  (smoke ? join(tmpdir(), 'foundation-telemetry-bench-smoke.json') : only ? undefined : DEFAULT_OUT)
if (out) writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`)

const seconds = ((performance.now() - started) / 1000).toFixed(1)
console.log(
  `\nFoundation Telemetry bench${smoke ? ' (smoke: tiny iteration counts, figures meaningless)' : ''}: ` +
    `${availableParallelism()} cpus, ${cpus()[0]?.model ?? 'unknown cpu'}, Node ${process.version}, ` +
    `${rounds} round(s), ${seconds} s\n`,
)
console.log(formatTable(outcomes))
if (args.markdown) console.log(`\n${formatMarkdown(outcomes)}`)
if (out) console.log(`\nwrote ${out}`)
if (out === DEFAULT_OUT) console.log('run `pnpm bench:table` to bring bench/README.md up to date')

const errors = outcomes.filter((outcome) => outcome.status === 'error')
for (const problem of problems) console.error(`results shape: ${problem}`)
if (errors.length > 0)
  console.error(`\n${errors.length} case(s) failed: ${errors.map((o) => o.row.case).join(', ')}`)
process.exitCode = errors.length > 0 || problems.length > 0 ? 1 : 0
