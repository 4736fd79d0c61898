import { createManualClock } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../test/seededRandom.ts'
import { resolveAdjustments } from './adjustments.ts'
import { decideEvent } from './eventDecision.ts'
import { RuleBook } from './ruleBook.ts'
import { RuleIntervals } from './ruleIntervals.ts'
import type { ReservoirItem, StrategyConfig } from './types.ts'

const quiet = resolveAdjustments({ load: false, errorBoost: false, criticalPath: false })

function setup(defaultConfig: StrategyConfig) {
  const clock = createManualClock()
  const random = seededRandom(1)
  const samples: (readonly ReservoirItem[])[] = []
  const intervals = new RuleIntervals(
    clock,
    () => book,
    (items) => samples.push(items),
  )
  const book: RuleBook = new RuleBook({
    defaultConfig,
    clock,
    random,
    adjustments: quiet,
    precision: 4,
    maxNames: 100,
    onRule: intervals.onRule,
  })
  const decide = (name: string, n = 1) => {
    for (let i = 0; i < n; i++) decideEvent(book.stateFor(name), name, {}, {}, random, () => false)
  }
  return { clock, book, intervals, samples, decide }
}

describe('RuleIntervals', () => {
  it('runs a timer for each periodic rule (adaptive, reservoir) and none for the others', () => {
    const { clock, book } = setup({ strategy: 'random', rate: 0.5 })
    expect(clock.pendingTimers('interval')).toBe(0)
    book.configure('a.*', { strategy: 'adaptive', targetPerSecond: 10 })
    book.configure('b.*', { strategy: 'reservoir', size: 2 })
    book.configure('c.*', { strategy: 'never' })
    expect(clock.pendingTimers('interval')).toBe(2)
  })

  it("delivers a reservoir's sample when its interval ends, and settles the held events", () => {
    const { clock, book, samples, decide } = setup({ strategy: 'reservoir', size: 2, interval: 500 })
    decide('app.step', 5)
    expect(book.stateFor('app.step')).toMatchObject({ seen: 5, held: 5, sampled: 0, dropped: 0 })
    clock.advance(500)
    expect(samples).toHaveLength(1)
    expect(samples[0]?.map((i) => i.event)).toEqual(['app.step', 'app.step'])
    expect(book.stateFor('app.step')).toMatchObject({ seen: 5, held: 0, sampled: 2, dropped: 3 })
  })

  it('delivers nothing for an interval in which the reservoir held nothing', () => {
    const { clock, samples } = setup({ strategy: 'reservoir', size: 2 })
    clock.advance(3000)
    expect(samples).toEqual([])
  })

  it("adapts an adaptive rule to the decisions of its interval and refreshes the names' rates", () => {
    const { clock, book, decide } = setup({ strategy: 'adaptive', targetPerSecond: 10 })
    decide('app.step', 1000)
    expect(book.stateFor('app.step').level.p).toBe(1)
    clock.advance(1000)
    expect(book.stateFor('app.step').level.p).toBeCloseTo(0.01)
  })

  it('stops a replaced rule and delivers what a replaced reservoir held', () => {
    const { clock, book, samples, decide } = setup({ strategy: 'always' })
    book.configure('app.*', { strategy: 'reservoir', size: 10 })
    decide('app.step', 3)
    book.configure('app.*', { strategy: 'always' })
    expect(samples.map((s) => s.length)).toEqual([3])
    expect(clock.pendingTimers('interval')).toBe(0)
    expect(book.stateFor('app.step')).toMatchObject({ held: 0, sampled: 3 })
  })

  it('on close stops every timer, delivers what reservoirs hold, and starts no timer after', () => {
    const { clock, book, intervals, samples, decide } = setup({ strategy: 'reservoir', size: 10 })
    book.configure('a.*', { strategy: 'adaptive', targetPerSecond: 10 })
    decide('app.step', 4)
    intervals.close()
    expect(intervals.closed).toBe(true)
    expect(samples.map((s) => s.length)).toEqual([4])
    expect(clock.pendingTimers('interval')).toBe(0)
    book.configure('b.*', { strategy: 'adaptive', targetPerSecond: 10 })
    expect(clock.pendingTimers('interval')).toBe(0)
  })
})
