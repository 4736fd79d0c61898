import { describe, expect, it } from 'vitest'
import { seenSince, settleHeld } from './intervalAccounting.ts'
import { NameState } from './nameState.ts'
import { readLimits } from './readOptions.ts'
import type { Rule } from './rule.ts'
import { statsOf } from './sampler.ts'

const ruleA = { kind: 'reservoir' } as Rule
const ruleB = { kind: 'random' } as Rule

function states() {
  const a1 = new NameState('a.one', ruleA)
  const a2 = new NameState('a.two', ruleA)
  const b = new NameState('b', ruleB)
  return { a1, a2, b, all: [a1, a2, b] }
}

describe('interval accounting', () => {
  it('counts decisions of one rule since its last interval, once', () => {
    const { a1, a2, b, all } = states()
    a1.seen = 5
    a2.seen = 3
    b.seen = 100
    expect(seenSince(all, ruleA)).toBe(8)
    a1.seen = 6
    expect(seenSince(all, ruleA)).toBe(1)
    expect(seenSince(all, ruleB)).toBe(100)
  })

  it('turns held events into sampled (the kept ones) and dropped, per name of the rule', () => {
    const { a1, a2, b, all } = states()
    a1.held = 4
    a2.held = 2
    b.held = 7
    const byName = new Map(all.map((s) => [s.name, s]))
    settleHeld(
      all,
      ruleA,
      [{ event: 'a.one' }, { event: 'a.one' }, { event: 'a.two' }],
      (e) => byName.get(e)!,
    )
    expect([a1.sampled, a1.dropped, a1.held]).toEqual([2, 2, 0])
    expect([a2.sampled, a2.dropped, a2.held]).toEqual([1, 1, 0])
    expect([b.sampled, b.dropped, b.held]).toEqual([0, 0, 7])
  })

  it('reports per-name counts and rates as stats', () => {
    const { a1, all } = states()
    a1.seen = 3
    a1.sampled = 2
    a1.dropped = 1
    expect(statsOf(all)['a.one']).toEqual({ seen: 3, sampled: 2, dropped: 1, rate: 0 })
    expect(Object.keys(statsOf(all))).toEqual(['a.one', 'a.two', 'b'])
  })
})

describe('sampler limits', () => {
  it('takes precision 1 to 14 and a non-negative name limit, else the defaults', () => {
    expect(readLimits({})).toEqual({ precision: 4, maxNames: 1000 })
    expect(readLimits({ precision: 14, maxTrackedNames: 0 })).toEqual({ precision: 14, maxNames: 0 })
    expect(readLimits({ precision: 15, maxTrackedNames: -1 })).toEqual({ precision: 4, maxNames: 1000 })
    expect(readLimits({ precision: Number.NaN, maxTrackedNames: '5' })).toEqual({
      precision: 4,
      maxNames: 1000,
    })
  })
})
