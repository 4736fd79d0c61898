/**
 * Checks dashboard queries as PromQL with the real promtool: each query becomes a recording rule
 * (Grafana's `$job` and `$instance` variables read as `.*`) in a temporary rule file that
 * `promtool check rules` parses.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type CommandResult, runCommand } from './runCommand.ts'

export const PROMTOOL = '/usr/bin/promtool'

/** Runs `promtool check rules` over `exprs`; a clean result has code 0 and says `<n> rules found`. */
export async function checkPromqlQueries(exprs: readonly string[]): Promise<CommandResult> {
  const dir = mkdtempSync(join(tmpdir(), 'promql-check-'))
  try {
    const rules = exprs
      .map((expr, i) => {
        const bare = expr.replaceAll('$job', '.*').replaceAll('$instance', '.*')
        return `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(bare)}`
      })
      .join('\n')
    writeFileSync(join(dir, 'rules.yml'), `groups:\n  - name: dashboard\n    rules:\n${rules}\n`)
    return await runCommand(PROMTOOL, ['check', 'rules', join(dir, 'rules.yml')])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
