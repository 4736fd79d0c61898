import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readmeCommand, syncReadme } from '../scripts/readmeTables.ts'

describe('README', () => {
  it('carries the current metric and price tables', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    expect(readme === syncReadme(readme), `README tables are out of date: run \`${readmeCommand}\``).toBe(
      true,
    )
  })
})
