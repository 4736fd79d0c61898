/**
 * Formatted histogram bucket bounds (`le` values), remembered per bounds array by one serializer:
 * every series of a histogram usually shares one array, so each `le` string is formatted once,
 * not per series per scrape.
 */
import { formatCanonicalFloat, formatValue } from './escape.ts'
import { type PrometheusFamily, toBaseUnit } from './naming.ts'

interface Formatted {
  multiplier: number
  divisor: number
  text: readonly string[]
  canonical: readonly string[]
}

/** Formats bucket bounds in base units, remembering each bounds array's strings. */
export interface BoundsFormatter {
  /** `le` values in the text format (`0.005`, `1`). */
  text(bounds: readonly number[], family: PrometheusFamily): readonly string[]
  /** `le` values in OpenMetrics' canonical form (`0.005`, `1.0`). */
  canonical(bounds: readonly number[], family: PrometheusFamily): readonly string[]
}

/** A formatter with nothing remembered yet (held weakly: a bounds array no one holds is forgotten). */
export function createBoundsFormatter(): BoundsFormatter {
  const cache = new WeakMap<readonly number[], Formatted>()
  const formatted = (bounds: readonly number[], family: PrometheusFamily): Formatted => {
    const hit = cache.get(bounds)
    if (hit !== undefined && hit.multiplier === family.multiplier && hit.divisor === family.divisor)
      return hit
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
  return {
    text: (bounds, family) => formatted(bounds, family).text,
    canonical: (bounds, family) => formatted(bounds, family).canonical,
  }
}
