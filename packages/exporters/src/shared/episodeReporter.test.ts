import { describe, expect, it } from 'vitest'
import { createEpisodeReporter } from './episodeReporter.ts'

describe('createEpisodeReporter', () => {
  it('reports the first failure of an episode and holds the rest until re-armed', () => {
    const reports: string[] = []
    const outage = createEpisodeReporter()
    outage.once(() => reports.push('first'))
    outage.once(() => reports.push('second'))
    expect(reports).toEqual(['first'])
    expect(outage.reported).toBe(true)
    outage.rearm()
    expect(outage.reported).toBe(false)
    outage.once(() => reports.push('third'))
    expect(reports).toEqual(['first', 'third'])
  })

  it('re-arming without a failure in between changes nothing', () => {
    const reports: number[] = []
    const outage = createEpisodeReporter()
    outage.rearm()
    outage.rearm()
    outage.once(() => reports.push(1))
    expect(reports).toEqual([1])
  })
})
