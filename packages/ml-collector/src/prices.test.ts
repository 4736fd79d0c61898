import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { costOf, createPriceLookup, DEFAULT_PRICES, type ModelPrice } from './prices.ts'

const price: ModelPrice = { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 }

describe('costOf', () => {
  it('bills cache reads and writes at their own prices and only the rest of the input at the input price', () => {
    const tokens = { input: 1_000_000, cacheRead: 600_000, cacheWrite: 100_000, output: 200_000 }
    expect(costOf(tokens, price)).toBeCloseTo(0.3 * 3 + 0.6 * 0.3 + 0.1 * 3.75 + 0.2 * 15, 12)
  })

  it('never bills a negative remainder when a provider reports input without its cached part', () => {
    expect(costOf({ input: 100, cacheRead: 400, cacheWrite: 0, output: 0 }, price)).toBeCloseTo(
      400 * 0.3e-6,
      15,
    )
  })

  it('costs no more when part of the input is read from the cache (property)', () => {
    const count = fc.integer({ min: 0, max: 10_000_000 })
    fc.assert(
      fc.property(count, count, count, (input, cachedPart, output) => {
        const cacheRead = Math.min(input, cachedPart)
        const cached = costOf({ input, cacheRead, cacheWrite: 0, output }, price)
        const uncached = costOf({ input, cacheRead: 0, cacheWrite: 0, output }, price)
        expect(cached).toBeLessThanOrEqual(uncached + 1e-9)
        expect(cached).toBeGreaterThanOrEqual(0)
      }),
    )
  })
})

describe('createPriceLookup', () => {
  it('matches exactly, after a provider prefix, then by the longest listed prefix', () => {
    const lookup = createPriceLookup(undefined)
    expect(lookup.priceOf('gpt-4o')).toBe(DEFAULT_PRICES['gpt-4o'])
    expect(lookup.priceOf('openai/gpt-4o-mini')).toBe(DEFAULT_PRICES['gpt-4o-mini'])
    expect(lookup.priceOf('gpt-4o-mini-2024-07-18')).toBe(DEFAULT_PRICES['gpt-4o-mini'])
    expect(lookup.priceOf('gpt-4o-2024-08-06')).toBe(DEFAULT_PRICES['gpt-4o'])
    expect(lookup.priceOf('claude-sonnet-4-20250514')).toBe(DEFAULT_PRICES['claude-sonnet-4'])
    expect(lookup.priceOf('gpt-4omega')).toBeUndefined()
    expect(lookup.priceOf('house-model')).toBeUndefined()
  })

  it('lets user prices replace defaults and leaves out invalid entries, naming them', () => {
    const invalid: string[] = []
    const lookup = createPriceLookup(
      {
        'gpt-4o': { input: 1, output: 2 },
        broken: { input: -1, output: 2 },
        nan: { input: Number.NaN, output: 1 },
      },
      (model) => invalid.push(model),
    )
    expect(lookup.priceOf('gpt-4o')).toEqual({ input: 1, output: 2 })
    expect(lookup.priceOf('broken')).toBeUndefined()
    expect(invalid).toEqual(['broken', 'nan'])
  })
})
