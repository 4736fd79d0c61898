/** Renders case outcomes as a fixed-width table for the terminal and as Markdown for the README. */
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

function goalText(outcome: CaseOutcome): string {
  if (outcome.goal.kind === 'none') return 'none (extra)'
  return outcome.goal.kind === 'ratio'
    ? `ratio <= ${outcome.goal.max}`
    : `<= ${outcome.goal.max} ${outcome.row.unit}`
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
    goalText(outcome),
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

/** The same table as GitHub Markdown, notes as a list below it. */
export function formatMarkdown(outcomes: readonly CaseOutcome[]): string {
  const escapePipes = (text: string) => text.replaceAll('|', '\\|')
  const out = [
    `| ${HEADERS.join(' | ')} |`,
    `|${HEADERS.map(() => '---').join('|')}|`,
    ...outcomes.map((outcome) => `| ${cellsOf(outcome).map(escapePipes).join(' | ')} |`),
  ]
  const notes = notesOf(outcomes)
  if (notes.length > 0) out.push('', ...notes.map((note) => `- ${note}`))
  return out.join('\n')
}
