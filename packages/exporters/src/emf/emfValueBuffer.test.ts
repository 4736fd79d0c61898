import { describe, expect, it } from 'vitest'
import { createEmfValueBuffer, emfEventMetrics } from './emfValueBuffer.ts'

describe('createEmfValueBuffer', () => {
  it('groups values by dimension set, tags beyond the chosen keys becoming properties', () => {
    const values = createEmfValueBuffer({
      maxValues: 100,
      dimensionKeys: ['region'],
      properties: { service: 'api' },
    })
    const eu = values.group({ user: 'u1', region: 'eu' })
    expect(values.group({ region: 'eu', user: 'u1' })).toBe(eu)
    expect(eu.dimensions).toEqual({ region: 'eu' })
    expect(eu.properties).toEqual({ service: 'api', user: 'u1' })
    values.add(eu, 'latency', 'Milliseconds', 12)
    values.add(eu, 'latency', 'Milliseconds', 14)
    const [group, ...rest] = [...values.drain()]
    expect(rest).toEqual([])
    expect(group?.metrics.get('latency')).toEqual({ unit: 'Milliseconds', values: [12, 14] })
    expect([...values.drain()]).toEqual([])
  })

  it('keeps at most 30 dimensions per set', () => {
    const tags = Object.fromEntries(
      Array.from({ length: 35 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'v']),
    )
    const group = createEmfValueBuffer({ maxValues: 10 }).group(tags)
    expect(Object.keys(group.dimensions)).toHaveLength(30)
    expect(Object.keys(group.properties)).toHaveLength(5)
  })

  it('refuses values that are not finite and values beyond the limit until drained', () => {
    const values = createEmfValueBuffer({ maxValues: 2 })
    const group = values.group({})
    expect(values.add(group, 'a', 'None', Number.NaN)).toBe('invalid')
    expect(values.add(group, 'a', 'None', 1)).toBeUndefined()
    expect(values.add(group, 'a', 'None', 2)).toBeUndefined()
    expect(values.full).toBe(true)
    expect(values.add(group, 'a', 'None', 3)).toBe('queue_full')
    values.drain()
    expect(values.full).toBe(false)
  })

  it('renames a metric that shares a dimension name, so the dimension value survives', () => {
    const values = createEmfValueBuffer({ maxValues: 10 })
    const group = values.group({ region: 'eu' })
    values.add(group, 'region', 'Count', 1)
    values.add(group, '_aws', 'Count', 1)
    expect([...group.metrics.keys()]).toEqual(['region_value', '_aws_value'])
  })
})

describe('emfEventMetrics', () => {
  it('splits a metric of more than 100 values over several events, one value alone as a number', () => {
    const values = createEmfValueBuffer({ maxValues: 1000 })
    const group = values.group({})
    for (let i = 0; i < 201; i++) values.add(group, 'big', 'Count', i)
    values.add(group, 'one', 'Count', 7)
    const events = emfEventMetrics(group)
    expect(
      events.map((metrics) =>
        metrics.map((m) => [m.name, Array.isArray(m.values) ? m.values.length : m.values]),
      ),
    ).toEqual([
      [
        ['big', 100],
        ['one', 7],
      ],
      [['big', 100]],
      [['big', 200]],
    ])
  })
})
