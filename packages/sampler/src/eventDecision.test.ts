import { createManualClock } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../test/seededRandom.ts'
import { resolveAdjustments } from './adjustments.ts'
import { createSampleEvent } from './eventDecision.ts'
import { RuleBook } from './ruleBook.ts'
import type { StrategyConfig } from './types.ts'

function setup(defaultConfig: StrategyConfig) {
  const adjustments = resolveAdjustments({ load: false, criticalPath: false })
  const random = seededRandom(3)
  const book = new RuleBook({
    defaultConfig,
    clock: createManualClock(),
    random,
    adjustments,
    precision: 4,
    maxNames: 100,
    onRule: () => {},
  })
  const problems: [string, Record<string, unknown>][] = []
  const sampleEvent = createSampleEvent(book, random, adjustments.hasErrorMark, (message, details) =>
    problems.push([message, details]),
  )
  return { book, sampleEvent, problems }
}

describe('createSampleEvent', () => {
  it("decides by the name's rule and counts the decision on the name's state", () => {
    const { book, sampleEvent } = setup({ strategy: 'random', rate: 0.5 })
    const counts = new Set<number>()
    for (let i = 0; i < 200; i++) counts.add(sampleEvent('app.step', {}, {}))
    expect([...counts].sort()).toEqual([0, 2])
    const state = book.stateFor('app.step')
    expect(state.seen).toBe(200)
    expect(state.sampled + state.dropped).toBe(200)
  })

  it('drops an event without a usable name and reports it, counting nothing', () => {
    const { book, sampleEvent, problems } = setup({ strategy: 'always' })
    expect(sampleEvent('', {}, {})).toBe(0)
    expect(sampleEvent(42 as never, {}, {})).toBe(0)
    expect(problems).toEqual([
      ['event name must be a non-empty string', { event_name: '' }],
      ['event name must be a non-empty string', { event_name: 42 }],
    ])
    expect([...book.states()]).toEqual([])
  })

  it('reads measurements or metadata that are not objects as empty', () => {
    const { sampleEvent, problems } = setup({ strategy: 'always' })
    expect(sampleEvent('app.step', null as never, 'x' as never)).toBe(1)
    expect(problems).toEqual([])
  })

  it('boosts the rate of an event whose metadata carries an error mark', () => {
    const { sampleEvent } = setup({ strategy: 'random', rate: 0.25 })
    const counts = new Set<number>()
    for (let i = 0; i < 200; i++) counts.add(sampleEvent('app.step', {}, { error_context: 'x' }))
    expect([...counts].sort()).toEqual([0, 2])
  })
})
