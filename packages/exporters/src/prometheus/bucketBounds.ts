/**
 * Formatted histogram bucket bounds (`le` values), remembered per bounds array: every series of
 * a histogram usually shares one array, so each `le` string is formatted once, not per series
 * per scrape.
 */
import { formatCanonicalFloat, formatValue } from './escape.ts'
import { type PrometheusFamily, toBaseUnit } from './naming.ts'

interface Formatted {
  multiplier: number
  divisor: number
  text: readonly string[]
  canonical: readonly string[]
}

const cache = new WeakMap<readonly number[], Formatted>()

function formatted(bounds: readonly number[], family: PrometheusFamily): Formatted {
  const hit = cache.get(bounds)
  if (hit !== undefined && hit.multiplier === family.multiplier && hit.divisor === family.divisor) return hit
  const text: string[] = []
  const canonical: string[] = []
  for (const bound of bounds) {
    const value = toBaseUnit(bound, family)
    text.push(formatValue(value))
    canonical.push(formatCanonicalFloat(value))
  }
  const entry = { multiplier: family.multiplier, divisor: family.divisor, text, canonical }
  cache.set(bounds, entry)
  return entry
}

/** `le` values in the text format (`0.005`, `1`), in base units. */
export function textBounds(bounds: readonly number[], family: PrometheusFamily): readonly string[] {
  return formatted(bounds, family).text
}

/** `le` values in OpenMetrics' canonical form (`0.005`, `1.0`), in base units. */
export function canonicalBounds(bounds: readonly number[], family: PrometheusFamily): readonly string[] {
  return formatted(bounds, family).canonical
}
