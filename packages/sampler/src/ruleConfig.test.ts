import { describe, expect, it } from 'vitest'
import { configureRule, validDefault } from './ruleConfig.ts'
import type { StrategyConfig } from './types.ts'

function reports() {
  const got: [string, Record<string, unknown>][] = []
  return { got, invalid: (message: string, details: Record<string, unknown>) => got.push([message, details]) }
}

function book() {
  const set: [string, StrategyConfig][] = []
  return { set, configure: (pattern: string, config: StrategyConfig) => set.push([pattern, config]) }
}

describe('validDefault', () => {
  it('keeps every event when no default is given, silently', () => {
    const { got, invalid } = reports()
    expect(validDefault(undefined, invalid)).toEqual({ strategy: 'always' })
    expect(got).toEqual([])
  })

  it('takes a usable default as given', () => {
    const config: StrategyConfig = { strategy: 'random', rate: 0.1 }
    expect(validDefault(config, reports().invalid)).toBe(config)
  })

  it('keeps every event instead of an unusable default, and says why', () => {
    const { got, invalid } = reports()
    expect(validDefault({ strategy: 'random', rate: 2 }, invalid)).toEqual({ strategy: 'always' })
    expect(got).toEqual([
      ['default rule: rate must be a number in 0..1; keeping every event', { pattern: '*' }],
    ])
  })
})

describe('configureRule', () => {
  it('sets a usable rule for a name or prefix pattern', () => {
    const b = book()
    const { got, invalid } = reports()
    expect(configureRule(b, 'app.*', { strategy: 'never' }, invalid)).toBe(true)
    expect(configureRule(b, 'app.step', { strategy: 'always' }, invalid)).toBe(true)
    expect(b.set.map(([p]) => p)).toEqual(['app.*', 'app.step'])
    expect(got).toEqual([])
  })

  it('rejects a pattern that matches no event name, leaving the book as it was', () => {
    const b = book()
    const { got, invalid } = reports()
    expect(configureRule(b, 'a*b', { strategy: 'never' }, invalid)).toBe(false)
    expect(b.set).toEqual([])
    expect(got).toEqual([
      ['pattern "a*b" matches no event name (use a name or \'prefix.*\')', { pattern: 'a*b' }],
    ])
  })

  it('rejects an unusable strategy, so the default rule applies to the pattern', () => {
    const b = book()
    const { got, invalid } = reports()
    expect(configureRule(b, 'app.*', { strategy: 'sometimes' } as never, invalid)).toBe(false)
    expect(b.set).toEqual([])
    expect(got[0]?.[0]).toMatch(
      /^rule for app\.\*: unknown strategy "sometimes" .*; the default rule applies$/,
    )
  })
})
