import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderMetricTable } from '../scripts/metricTable.ts'

describe('README', () => {
  it('lists the metrics the taxonomy defines for the agent layer (run `pnpm --filter @foundation-telemetry/agent-integration docs`)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    expect(readme).toContain(renderMetricTable())
  })
})
