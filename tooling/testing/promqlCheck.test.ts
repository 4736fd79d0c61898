import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkPromqlQueries, PROMTOOL } from './promqlCheck.ts'

describe.skipIf(!existsSync(PROMTOOL))('checkPromqlQueries', () => {
  it('passes valid queries, dashboard variables included', async () => {
    const result = await checkPromqlQueries([
      'sum(rate(x_total{job=~"$job",instance=~"$instance"}[5m]))',
      'up',
    ])
    expect(result).toMatchObject({ code: 0 })
    expect(result.output).toContain('2 rules found')
  })

  it('fails a query that is not PromQL', async () => {
    const result = await checkPromqlQueries(['up', 'sum(rate(x_total[5m])'])
    expect(result.code).not.toBe(0)
  })
})
