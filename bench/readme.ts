/**
 * `pnpm bench:table`: writes the generated parts of `bench/README.md` from the one place each fact
 * lives: the cases and their goals from `bench/cases.ts` and the case files, the figures from
 * `bench/results.json` (what the last full `pnpm bench` wrote). Everything between a
 * `<!-- generated:NAME -->` marker and `<!-- /generated:NAME -->` is replaced; the prose around it is
 * left alone. `--check` writes nothing and exits 1 when the README is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { CaseSpec } from './caseSpec.ts'
import { CASE_INDEX, loadCase } from './cases.ts'
import { type ResultRow, recordedOutcome } from './results.ts'
import { formatMarkdown, goalText } from './table.ts'

const README = fileURLToPath(new URL('./README.md', import.meta.url))
const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url))

/** The cases, their goals and what each side runs, one row per case in suite order. */
export function casesTable(specs: readonly CaseSpec[]): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ')
  return [
    '| case | goal | ours | peer |',
    '|---|---|---|---|',
    ...specs.map(
      (spec) =>
        `| \`${spec.id}\` | ${goalText(spec.goal, spec.unit)} | ${cell(spec.description)} | ${cell(spec.peer ?? '-')} |`,
    ),
  ].join('\n')
}

/** The latest recorded figures and verdicts, every case of the suite (a case with no row is pending). */
export function resultsTable(specs: readonly CaseSpec[], rows: readonly ResultRow[]): string {
  const byCase = new Map(rows.map((row) => [row.case, row]))
  return formatMarkdown(
    specs.map((spec) => recordedOutcome(spec, byCase.get(spec.id))),
    { rounds: false },
  )
}

/** `text` with the block between the `name` markers replaced by `body`; throws when a marker is missing. */
export function replaceGenerated(text: string, name: string, body: string): string {
  const start = `<!-- generated:${name} -->`
  const end = `<!-- /generated:${name} -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`bench/README.md has no ${start} ... ${end} block`)
  return `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`
}

/** The README with every generated block brought up to date. */
export async function renderReadme(readme: string, rows: readonly ResultRow[]): Promise<string> {
  const specs = await Promise.all(CASE_INDEX.map(loadCase))
  const withCases = replaceGenerated(readme, 'cases', casesTable(specs))
  return replaceGenerated(withCases, 'results', resultsTable(specs, rows))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check')
  const readme = readFileSync(README, 'utf8')
  const rows = JSON.parse(readFileSync(RESULTS, 'utf8')) as ResultRow[]
  const next = await renderReadme(readme, rows)
  if (check) {
    if (next !== readme) {
      console.error('bench/README.md is out of date: run `pnpm bench:table`')
      process.exitCode = 1
    }
  } else if (next !== readme) {
    writeFileSync(README, next)
    console.log('bench/README.md: generated tables updated')
  } else console.log('bench/README.md: up to date')
}
