import { describe, expect, it } from 'vitest'
import { datadogMetricName, datadogTags, toDatadogSeries } from './datadogSeries.ts'

describe('Datadog series mapping', () => {
  it('sanitises names and tags', () => {
    expect(datadogMetricName('9 agents/s')).toBe('m_9_agents_s')
    expect(datadogMetricName('a'.repeat(300))).toHaveLength(200)
    expect(datadogTags({ list: 'a,b', empty: '' })).toEqual(['list:a_b', 'empty:'])
  })

  it('uses the snapshot time span as the interval of counts and rates', () => {
    const series = toDatadogSeries(
      [
        {
          name: 'c',
          kind: 'counter',
          unit: '1',
          description: '',
          temporality: 'delta',
          monotonic: true,
          series: [{ tags: {}, startTime: 0, time: 30_000, value: 60 }],
        },
      ],
      { interval: 10, host: undefined, prefix: 'p.', globalTags: ['env:x'], counterType: 'rate' },
    )
    expect(series).toEqual([
      { metric: 'p.c', points: [[30, 2]], type: 'rate', interval: 30, tags: ['env:x'] },
    ])
  })
})
