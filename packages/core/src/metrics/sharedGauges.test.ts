import { describe, expect, it } from 'vitest'
import { sharedGauges } from './sharedGauges.ts'
import { testEngine } from './testDeps.ts'

interface Queue {
  name: string
  depth: number
}

const depths = (metrics: ReturnType<typeof testEngine>['metrics']) =>
  metrics
    .collect()
    .find((m) => m.name === 'queue.depth')
    ?.series.map((s) => [s.tags.queue, s.value])

describe('sharedGauges', () => {
  it('defines the gauges once per metrics instance and reads every attached source at collection', () => {
    let defined = 0
    const attach = sharedGauges<Queue>((metrics, queues) => {
      defined++
      metrics.gauge('queue.depth', {
        callback: (observe) => {
          for (const q of queues) observe(q.depth, { queue: q.name })
        },
      })
    })
    const { metrics } = testEngine()
    const a = { name: 'a', depth: 1 }
    attach(metrics, a)
    const detachB = attach(metrics, { name: 'b', depth: 2 })
    a.depth = 3
    expect(defined).toBe(1)
    expect(depths(metrics)).toEqual([
      ['a', 3],
      ['b', 2],
    ])
    detachB()
    expect(depths(metrics)).toEqual([['a', 3]])

    const other = testEngine().metrics
    attach(other, { name: 'c', depth: 4 })
    expect(defined).toBe(2)
    expect(depths(other)).toEqual([['c', 4]])
  })
})
