import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderMetricTable } from '../../taxonomy/scripts/renderDocs.ts'

describe('README', () => {
  it('lists the sampler metrics exactly as the taxonomy defines them', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const table = readme.split('<!-- metrics:start -->\n')[1]?.split('\n<!-- metrics:end -->')[0]
    expect(table).toBe(renderMetricTable(['telemetry.sampler.', 'telemetry.tail_sampler.']))
  })
})
