/**
 * The terminal rendering of a report: a table per scenario and in total, error categories with a
 * sample message, and every threshold with its verdict.
 */
import { formatDuration } from './duration.ts'
import { type LoadTestReport, SCENARIO_COLUMNS, type ScenarioReport, scenarioCells } from './report.ts'
import { formatThresholdValue } from './thresholdEvaluator.ts'

/** Options of {@link renderTextReport}. */
export interface TextReportOptions {
  /** ANSI colours for verdicts. Defaults to false. */
  color?: boolean
}

const COLUMNS = ['scenario', ...SCENARIO_COLUMNS] as const

function row(name: string, s: ScenarioReport): string[] {
  return [name, ...scenarioCells(s)]
}

function describeExecutor(report: LoadTestReport): string {
  const e = report.executor
  switch (e.type) {
    case 'constant-vus':
      return `constant-vus, ${e.vus} VUs`
    case 'ramping-vus':
      return `ramping-vus, ${e.stages.length} stages up to ${Math.max(...e.stages.map((s) => s.target))} VUs`
    case 'constant-arrival-rate':
      return `constant-arrival-rate, ${e.rate}/${e.timeUnit ?? '1s'}`
    case 'ramping-arrival-rate':
      return `ramping-arrival-rate, ${e.stages.length} stages up to ${Math.max(...e.stages.map((s) => s.target))}/${e.timeUnit ?? '1s'}`
  }
}

/**
 * Render `report` as plain text (what `ft-load` prints).
 *
 * @example
 * console.log(renderTextReport(await runLoadTest(options)))
 */
export function renderTextReport(report: LoadTestReport, options: TextReportOptions = {}): string {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text)
  const lines: string[] = []
  const stopped = report.aborted === false ? '' : `, stopped early (${report.aborted})`
  lines.push(
    `${report.name}: ${report.model} model (${describeExecutor(report)}), measured ${formatDuration(report.duration_ms)}` +
      `${report.workers > 0 ? ` in ${report.workers} workers` : ''}${stopped}`,
  )
  const rows = [[...COLUMNS], ...Object.entries(report.scenarios).map(([name, s]) => row(name, s))]
  if (Object.keys(report.scenarios).length > 1) rows.push(row('total', report.total))
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  for (const r of rows) {
    lines.push(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '))
  }
  const errors = Object.entries(report.scenarios).flatMap(([name, s]) =>
    Object.entries(s.error_types).map(
      ([category, e]) =>
        `  ${name}: ${category} ×${e.count}${e.samples[0] ? ` (e.g. ${JSON.stringify(e.samples[0])})` : ''}`,
    ),
  )
  if (errors.length > 0) lines.push('', 'errors:', ...errors)
  if (report.thresholds.length > 0) {
    lines.push('', 'thresholds:')
    for (const th of report.thresholds) {
      const mark = th.passed ? paint(32, '✓') : paint(31, '✗')
      const value = formatThresholdValue(th)
      const windows =
        th.window_ms === undefined
          ? ''
          : `, worst of ${th.evaluations} windows, ${th.failed_evaluations} failed`
      lines.push(`  ${mark} ${th.expression}  (${value}${windows})`)
    }
  }
  if (report.vu_restarts > 0)
    lines.push('', `${report.vu_restarts} VU(s) or worker(s) crashed and were replaced`)
  lines.push('', report.passed ? paint(32, 'PASSED') : paint(31, 'FAILED: a threshold failed'))
  return lines.join('\n')
}
