import type { Measurements, Metadata } from '@foundation-telemetry/core'
import { costOf, type PriceLookup } from './prices.ts'
import type { ReportOnce } from './reportOnce.ts'

/** The token measurements of `dspex.llm.request.stop` and `dspex.llm.usage`. */
export const tokenMeasurementKeys = [
  'input_tokens',
  'output_tokens',
  'cache_read_input_tokens',
  'cache_write_input_tokens',
  'reasoning_tokens',
] as const

/** One request's usage, validated: each count is a finite number ≥ 0 or undefined. */
export interface LlmUsage {
  input: number | undefined
  output: number | undefined
  cacheRead: number | undefined
  cacheWrite: number | undefined
  reasoning: number | undefined
  /** USD: the event's own `cost_usd`, else from the price table; undefined for an unknown model. */
  cost: number | undefined
}

/** Reads the usage of LLM events; each event is read once however many metrics ask. */
export interface UsageReader {
  read(measurements: Measurements, metadata: Metadata): LlmUsage
}

/** `value` of measurement `key` when it is a valid count; anything else but absence is reported. */
function count(value: unknown, key: string, report: ReportOnce, model: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value
  report(
    `bad_tokens:${key}`,
    `ml-collector: ${key} must be a finite number >= 0, got ${String(value)}; the count is skipped`,
    { measurement: key, value, model },
  )
  return undefined
}

/**
 * Validate and price LLM usage. Bad counts (negative, non-finite, not numbers) and events
 * without a model are reported once per kind and skipped, never thrown; an unknown model keeps
 * its tokens, has no cost, and is reported once per model.
 */
export function createUsageReader(prices: PriceLookup, report: ReportOnce): UsageReader {
  // Every metric spec of one event asks with the same measurements object: a one-entry memo
  // prices each event once instead of once per metric.
  let lastMeasurements: Measurements | undefined
  let lastMetadata: Metadata | undefined
  let last: LlmUsage | undefined

  const compute = (measurements: Measurements, metadata: Metadata): LlmUsage => {
    const model = metadata.model
    // Each measurement read by name: one site reading five keys would look each up the slow way.
    const usage: LlmUsage = {
      input: count(measurements.input_tokens, 'input_tokens', report, model),
      output: count(measurements.output_tokens, 'output_tokens', report, model),
      cacheRead: count(measurements.cache_read_input_tokens, 'cache_read_input_tokens', report, model),
      cacheWrite: count(measurements.cache_write_input_tokens, 'cache_write_input_tokens', report, model),
      reasoning: count(measurements.reasoning_tokens, 'reasoning_tokens', report, model),
      cost: undefined,
    }
    const given = measurements.cost_usd
    if (typeof given === 'number' && Number.isFinite(given) && given >= 0) {
      usage.cost = given
      return usage
    }
    if (typeof model !== 'string' || model === '') {
      report('no_model', 'ml-collector: an LLM event has no model; its tokens are recorded without cost', {
        model,
      })
      return usage
    }
    const price = prices.priceOf(model)
    if (price === undefined) {
      report(
        `unknown_model:${model}`,
        `ml-collector: no price for model ${model}; its tokens are recorded without cost (add it to prices)`,
        { model },
      )
      return usage
    }
    usage.cost = costOf(
      {
        input: usage.input ?? 0,
        output: usage.output ?? 0,
        cacheRead: usage.cacheRead ?? 0,
        cacheWrite: usage.cacheWrite ?? 0,
      },
      price,
    )
    return usage
  }

  return {
    read(measurements, metadata) {
      if (measurements === lastMeasurements && metadata === lastMetadata && last !== undefined) return last
      last = compute(measurements, metadata)
      lastMeasurements = measurements
      lastMetadata = metadata
      return last
    },
  }
}
