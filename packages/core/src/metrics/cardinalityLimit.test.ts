import { describe, expect, it } from 'vitest'
import type { TelemetryError } from '../errors.ts'
import { CardinalityLimit, OVERFLOW_KEY, type SeriesFactory } from './cardinalityLimit.ts'
import type { KeySetInfo } from './series.ts'
import { testOwner } from './testDeps.ts'

function factory(errors: TelemetryError[]): SeriesFactory<{ keys: readonly string[] }> {
  return { ...testOwner((e) => errors.push(e)), createSeries: (set: KeySetInfo) => ({ keys: set.keys }) }
}

describe('cardinality limit', () => {
  it('creates series up to the limit, then hands out one overflow series and counts each redirect', () => {
    const errors: TelemetryError[] = []
    const f = factory(errors)
    const limit = new CardinalityLimit(f, 2)
    const set: KeySetInfo = { owner: f, keys: ['a'] }
    limit.create(set)
    expect(limit.full).toBe(false)
    limit.create(set)
    expect(limit.full).toBe(true)
    expect(limit.overflowSeries).toBeNull()
    const overflow = limit.create(set)
    expect(overflow.keys).toEqual([OVERFLOW_KEY])
    expect(limit.overflowed()).toBe(overflow)
    expect(limit.size).toBe(2)
    expect(f.ctx.counters.overflowed).toBe(2)
    expect(errors).toHaveLength(1)
  })

  it('reports the limit once per episode: again only after a rearm', () => {
    const errors: TelemetryError[] = []
    const limit = new CardinalityLimit(factory(errors), 0)
    limit.overflowed()
    limit.overflowed()
    expect(errors).toHaveLength(1)
    limit.rearm()
    limit.overflowed()
    expect(errors).toHaveLength(2)
    expect(errors[1]?.details).toMatchObject({ reason: 'cardinality_limit', limit: 0 })
  })
})
