/**
 * Mapping taxonomy metric names, units and tag keys to Prometheus conventions. Names and units
 * come from `@foundation-telemetry/taxonomy` (`prometheusName`, `baseUnit`,
 * `unitToPrometheusSuffix`), so `/metrics`, the other exporters and generated alert rules agree:
 *
 * - Dots and every character outside `[a-zA-Z0-9_:]` become `_`; a leading digit gets a `_` prefix.
 * - Values go out in base units: `ms`/`us`/`ns`/`min`/`h`/`d` as seconds, `kBy`/`KiBy`/... as
 *   bytes, `%` as a 0..1 `_ratio`. `1` and `{annotation}` units add no suffix: a dimensionless
 *   name keeps whatever it says (`..._ratio` stays, nothing is appended), because `1` is also
 *   the default unit of plain counts.
 * - `_total` is appended by the writers to counters only; a trailing `_total` is removed from
 *   every name first.
 */

import { baseUnit, prometheusName, toText, unitToPrometheusSuffix } from '@foundation-telemetry/taxonomy'

const invalidMetricChar = /[^a-zA-Z0-9_:]/g
const invalidLabelChar = /[^a-zA-Z0-9_]/g

const DIGIT_ZERO = 0x30
const DIGIT_NINE = 0x39

// Metric and label names may not start with a digit.
function startsWithDigit(name: string): boolean {
  const first = name.charCodeAt(0)
  return first >= DIGIT_ZERO && first <= DIGIT_NINE
}

/** Replace every character a metric name may not hold with `_`; prefix `_` before a leading digit. */
export function sanitizeMetricName(name: string): string {
  if (typeof name !== 'string') return sanitizeMetricName(toText(name))
  let out = name.replace(invalidMetricChar, '_')
  if (out === '' || startsWithDigit(out)) out = '_' + out
  return out
}

/**
 * A tag key as a label name: dots and invalid characters become `_`, a leading digit gets a `_`
 * prefix, and names starting `__` (reserved by Prometheus) become `key_` + the rest.
 */
export function sanitizeLabelName(key: string): string {
  if (typeof key !== 'string') return sanitizeLabelName(toText(key))
  let out = key.replace(invalidLabelChar, '_')
  if (out === '' || startsWithDigit(out)) out = '_' + out
  if (out.startsWith('__')) out = 'key_' + out.replace(/^_+/, '')
  return out
}

/** The Prometheus view of one metric family. */
export interface PrometheusFamily {
  /**
   * The family name as OpenMetrics declares it (`# TYPE foo_seconds histogram`); for counters
   * this is without `_total`.
   */
  name: string
  /** The unit suffix (`seconds`, `bytes`) for OpenMetrics `# UNIT`, or `''`. */
  unit: string
  /** Raw values times `multiplier` divided by `divisor` are in base units. */
  multiplier: number
  /**
   * Dividing by an exact integer (1000) instead of multiplying by its inexact inverse (0.001)
   * keeps decimal bounds exact: 300 ms is `0.3`, not `0.30000000000000004`.
   */
  divisor: number
}

/**
 * The Prometheus family name, unit and value conversion for a metric name and unit:
 * `foundation_jido.signal.dispatch_duration` in `ms` is
 * `foundation_jido_signal_dispatch_duration_seconds` with values divided by 1000.
 */
export function prometheusFamily(name: string, unit: string): PrometheusFamily {
  try {
    return prometheusFamilyUnguarded(name, unit)
  } catch {
    // Not the data this helper takes (or data whose fields throw): an empty result, never an exception.
    return { name: sanitizeMetricName(toText(name)), unit: '', multiplier: 1, divisor: 1 }
  }
}

function prometheusFamilyUnguarded(name: string, unit: string): PrometheusFamily {
  const base = baseUnit(unit)
  return {
    name: prometheusName(name, unit),
    unit: unitToPrometheusSuffix(unit),
    multiplier: base.multiplier,
    divisor: base.divisor,
  }
}

/** A raw value converted to the family's base unit. */
export function toBaseUnit(value: number, family: PrometheusFamily): number {
  return (value * family.multiplier) / family.divisor
}
