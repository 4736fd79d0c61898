/** The README's metric table is what the taxonomy says, and its first example compiles against the API. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { withMetricTable } from '../scripts/readmeMetrics.ts'

describe('README', () => {
  it('holds the metric table generated from the taxonomy (pnpm readme)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    expect(readme).toBe(withMetricTable(readme))
    expect(readme).toContain('`foundation_os.alert.state`')
  })
})
