/**
 * Model prices and the cost of one request. Prices are USD per million tokens. Input tokens
 * include cached ones (the GenAI conventions' rule): cache reads are billed at `cachedInput`,
 * cache writes at `cacheWrite`, and only the rest at `input`. Billing every input token at the
 * full price, or adding cached tokens on top of the input count, are the usual mistakes.
 */

/** The price of one model, USD per million tokens. */
export interface ModelPrice {
  /** Uncached input tokens. */
  input: number
  /** Output tokens (reasoning tokens are output tokens and are billed here). */
  output: number
  /** Input tokens read from the provider's prompt cache. Defaults to `input`. */
  cachedInput?: number
  /** Input tokens written to the prompt cache. Defaults to `input`. */
  cacheWrite?: number
}

/** Model id -> price. Ids match exactly, then by the longest listed prefix (`gpt-4o-2024-08-06` -> `gpt-4o`). */
export type PriceTable = Readonly<Record<string, ModelPrice>>

/** The date the default price table was checked against the providers' public price lists. */
export const DEFAULT_PRICES_DATE = '2025-08-01'

/**
 * Public list prices (standard tier, USD per million tokens) as of {@link DEFAULT_PRICES_DATE}.
 * Prices change: pass your own with `attachMlCollector(t, { prices })`, which override these.
 */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  'o3-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
  'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
  'claude-opus-4': { input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
  'claude-sonnet-4': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  'claude-3-7-sonnet': { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
  'claude-3-5-haiku': { input: 0.8, cachedInput: 0.08, cacheWrite: 1, output: 4 },
  'gemini-2.5-pro': { input: 1.25, cachedInput: 0.31, output: 10 },
  'gemini-2.5-flash': { input: 0.3, cachedInput: 0.075, output: 2.5 },
  'gemini-2.0-flash': { input: 0.1, cachedInput: 0.025, output: 0.4 },
}

/** Token counts of one request, as the collector normalises them. */
export interface TokenCounts {
  /** All input tokens, cached ones included. */
  input: number
  output: number
  cacheRead: number
  cacheWrite: number
}

/** USD cost of `tokens` at `price`. */
export function costOf(tokens: TokenCounts, price: ModelPrice): number {
  const cached = tokens.cacheRead + tokens.cacheWrite
  // Some providers report input without the cached part; never bill a negative remainder.
  const uncached = Math.max(0, tokens.input - cached)
  return (
    (uncached * price.input +
      tokens.cacheRead * (price.cachedInput ?? price.input) +
      tokens.cacheWrite * (price.cacheWrite ?? price.input) +
      tokens.output * price.output) /
    1_000_000
  )
}

/** Looks up model prices; results (hits and misses) are remembered for a bounded number of ids. */
export interface PriceLookup {
  /** The price of `model`, or undefined when neither table lists it. */
  priceOf(model: string): ModelPrice | undefined
}

const MAX_REMEMBERED = 1024

function isPrice(value: unknown): value is ModelPrice {
  if (typeof value !== 'object' || value === null) return false
  const p = value as Record<string, unknown>
  const ok = (v: unknown, optional: boolean) =>
    (optional && v === undefined) || (typeof v === 'number' && Number.isFinite(v) && v >= 0)
  return ok(p.input, false) && ok(p.output, false) && ok(p.cachedInput, true) && ok(p.cacheWrite, true)
}

/**
 * A lookup over the user's prices on top of the defaults. Entries that are not valid prices
 * are left out and passed to `onInvalid` (the collector reports them).
 */
export function createPriceLookup(
  user: Readonly<Record<string, ModelPrice>> | undefined,
  onInvalid: (model: string) => void = () => {},
  defaults: PriceTable = DEFAULT_PRICES,
): PriceLookup {
  const table = new Map<string, ModelPrice>(Object.entries(defaults))
  if (user !== undefined && user !== null && typeof user === 'object') {
    for (const [model, price] of Object.entries(user)) {
      if (isPrice(price)) table.set(model, price)
      else onInvalid(model)
    }
  }
  // Longest first, so `gpt-4o-mini-2024` finds `gpt-4o-mini` before `gpt-4o`.
  const prefixes = [...table.keys()].sort((a, b) => b.length - a.length)
  let remembered = new Map<string, ModelPrice | null>()

  const find = (model: string): ModelPrice | undefined => {
    const exact = table.get(model)
    if (exact) return exact
    // `openai/gpt-4o`, `models/gemini-2.5-pro`: the id after the last slash.
    const slash = model.lastIndexOf('/')
    const id = slash >= 0 ? model.slice(slash + 1) : model
    const bare = table.get(id)
    if (bare) return bare
    for (const prefix of prefixes) {
      if (id.startsWith(prefix) && /[-.:@_]/.test(id.charAt(prefix.length))) return table.get(prefix)
    }
    return undefined
  }

  return {
    priceOf(model) {
      const hit = remembered.get(model)
      if (hit !== undefined) return hit ?? undefined
      const price = find(model)
      if (remembered.size >= MAX_REMEMBERED) remembered = new Map()
      remembered.set(model, price ?? null)
      return price
    },
  }
}
