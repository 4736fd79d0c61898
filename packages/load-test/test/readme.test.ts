import { readFileSync } from 'node:fs'
import { metricDefinitions, prometheusName } from '@foundation-telemetry/taxonomy'
import { describe, expect, it } from 'vitest'

const START = '<!-- load-test metrics: generated from the taxonomy, kept in sync by test/readme.test.ts -->'
const END = '<!-- end of load-test metrics -->'

/** The README's metric table, from the taxonomy's `foundation.load_test.*` definitions. */
function metricTable(): string {
  const rows = metricDefinitions
    .filter((m) => m.name.startsWith('foundation.load_test.'))
    .map((m) => {
      const tags = m.tagKeys.length === 0 ? '-' : m.tagKeys.map((k) => `\`${k}\``).join(', ')
      return `| \`${m.name}\` | ${m.kind} | \`${m.unit}\` | ${tags} | \`${prometheusName(m)}\` | ${m.description} |`
    })
  return [
    START,
    '| metric | kind | unit | tags | Prometheus | description |',
    '|---|---|---|---|---|---|',
    ...rows,
    END,
  ].join('\n')
}

describe('README', () => {
  it('lists the taxonomy load-test metrics this package records', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const start = readme.indexOf(START)
    const end = readme.indexOf(END)
    const committed = readme.slice(start, end + END.length)
    const fresh = metricTable()
    expect(
      committed === fresh,
      `packages/load-test/README.md metric table is out of date; expected:\n${fresh}`,
    ).toBe(true)
  })
})
