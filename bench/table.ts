/** Renders case outcomes as a fixed-width table for the terminal and as Markdown for the README. */
import type { CaseUnit, Goal } from './caseSpec.ts'
import type { CaseOutcome } from './results.ts'

const HEADERS = [
  'case',
  'unit',
  'ours',
  'peer',
  'peer value',
  'ratio',
  'ratio per round',
  'goal',
  'status',
] as const

function cell(value: number | null): string {
  return value === null ? '-' : String(value)
}

/** A goal as the tables print it: `ratio <= 0.5`, `<= 100 ns`, or `none (extra)`. */
export function goalText(goal: Goal, unit: CaseUnit): string {
  if (goal.kind === 'none') return 'none (extra)'
  return goal.kind === 'ratio' ? `ratio <= ${goal.max}` : `<= ${goal.max} ${unit}`
}

function cellsOf(outcome: CaseOutcome): string[] {
  const { row } = outcome
  return [
    row.case,
    row.unit,
    cell(row.ours),
    row.peer ?? '-',
    cell(row.peer_value),
    cell(row.ratio),
    roundRange(outcome.roundRatios),
    goalText(outcome.goal, row.unit),
    outcome.status.toUpperCase(),
  ]
}

/** The lowest and highest per-round ratio (`-` with no peer). */
export function roundRange(ratios: readonly number[]): string {
  if (ratios.length === 0) return '-'
  const low = Math.min(...ratios)
  const high = Math.max(...ratios)
  return low === high ? String(low) : `${low} to ${high}`
}

function escapePipes(text: string): string {
  return text.replaceAll('|', '\\|')
}

function notesOf(outcomes: readonly CaseOutcome[]): string[] {
  return outcomes.flatMap((outcome) => outcome.notes.map((note) => `${outcome.row.case}: ${note}`))
}

/** A plain-text table with aligned columns, then one line per note. */
export function formatTable(outcomes: readonly CaseOutcome[]): string {
  const rows = [Array.from(HEADERS), ...outcomes.map(cellsOf)]
  const widths = HEADERS.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  const line = (row: string[]) =>
    row
      .map((text, column) => text.padEnd(widths[column]!))
      .join('  ')
      .trimEnd()
  const out = [
    line(rows[0]!),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.slice(1).map(line),
  ]
  const notes = notesOf(outcomes)
  if (notes.length > 0) out.push('', 'notes:', ...notes.map((note) => `  ${note}`))
  return out.join('\n')
}

/**
 * The same table as GitHub Markdown, notes as a list below it. `rounds: false` leaves out the
 * per-round column (results.json keeps medians only).
 */
export function formatMarkdown(outcomes: readonly CaseOutcome[], options: { rounds?: boolean } = {}): string {
  const keep = (_: unknown, column: number) =>
    options.rounds !== false || HEADERS[column] !== 'ratio per round'
  const headers = HEADERS.filter(keep)
  const out = [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...outcomes.map((outcome) => `| ${cellsOf(outcome).filter(keep).map(escapePipes).join(' | ')} |`),
  ]
  const notes = notesOf(outcomes)
  if (notes.length > 0) out.push('', ...notes.map((note) => `- ${note}`))
  return out.join('\n')
}
