/**
 * Mapping taxonomy metric names, units and tag keys to Prometheus conventions.
 *
 * Kept local until `@foundation-telemetry/taxonomy` ships `prometheusName` and
 * `convertToBaseUnit`; every caller goes through {@link prometheusFamily} and
 * {@link sanitizeLabelName}, so swapping the implementation touches this file only.
 *
 * Decisions (documented in docs/exporters/prometheus.md):
 * - Dots and every character outside `[a-zA-Z0-9_:]` become `_`; a leading digit gets a `_` prefix.
 * - Units are converted to base units: `ms`/`us`/`ns`/`min`/`h`/`d` to seconds, `kBy`/`KiBy`/... to
 *   bytes, `%` to a `_ratio` (divided by 100). `1` and `{annotation}` units add no suffix: a
 *   dimensionless name keeps whatever it says (`..._ratio` stays, nothing is appended), because
 *   `1` is also the default unit of plain counts.
 * - `_total` is appended to counters only, and a trailing `_total` is removed from every other kind.
 */

/** How one unit maps to a Prometheus base unit. */
export interface UnitMapping {
  /** Suffix appended to the family name (without `_`), or `''` for none. */
  suffix: string
  /** Raw values times `multiplier` divided by `divisor` are in the base unit. */
  multiplier: number
  /**
   * Dividing by an exact integer (1000) instead of multiplying by its inexact inverse (0.001)
   * keeps decimal bounds exact: 300 ms is `0.3`, not `0.30000000000000004`.
   */
  divisor: number
}

const unitMappings: Readonly<Record<string, UnitMapping>> = {
  ns: { suffix: 'seconds', multiplier: 1, divisor: 1e9 },
  us: { suffix: 'seconds', multiplier: 1, divisor: 1e6 },
  ms: { suffix: 'seconds', multiplier: 1, divisor: 1000 },
  s: { suffix: 'seconds', multiplier: 1, divisor: 1 },
  min: { suffix: 'seconds', multiplier: 60, divisor: 1 },
  h: { suffix: 'seconds', multiplier: 3600, divisor: 1 },
  d: { suffix: 'seconds', multiplier: 86400, divisor: 1 },
  By: { suffix: 'bytes', multiplier: 1, divisor: 1 },
  kBy: { suffix: 'bytes', multiplier: 1e3, divisor: 1 },
  MBy: { suffix: 'bytes', multiplier: 1e6, divisor: 1 },
  GBy: { suffix: 'bytes', multiplier: 1e9, divisor: 1 },
  KiBy: { suffix: 'bytes', multiplier: 1024, divisor: 1 },
  MiBy: { suffix: 'bytes', multiplier: 1024 * 1024, divisor: 1 },
  GiBy: { suffix: 'bytes', multiplier: 1024 * 1024 * 1024, divisor: 1 },
  bit: { suffix: 'bits', multiplier: 1, divisor: 1 },
  '%': { suffix: 'ratio', multiplier: 1, divisor: 100 },
  '1': { suffix: '', multiplier: 1, divisor: 1 },
  '': { suffix: '', multiplier: 1, divisor: 1 },
  Cel: { suffix: 'celsius', multiplier: 1, divisor: 1 },
  m: { suffix: 'meters', multiplier: 1, divisor: 1 },
  V: { suffix: 'volts', multiplier: 1, divisor: 1 },
  A: { suffix: 'amperes', multiplier: 1, divisor: 1 },
  J: { suffix: 'joules', multiplier: 1, divisor: 1 },
  g: { suffix: 'grams', multiplier: 1, divisor: 1 },
  Hz: { suffix: 'hertz', multiplier: 1, divisor: 1 },
}

const unitCache = new Map<string, UnitMapping>()

/** The base-unit suffix and conversion of a UCUM unit as OpenTelemetry uses them. */
export function unitMapping(unit: string): UnitMapping {
  const known = unitMappings[unit]
  if (known !== undefined) return known
  const cached = unitCache.get(unit)
  if (cached !== undefined) return cached
  let mapping: UnitMapping
  if (unit.startsWith('{') && unit.endsWith('}')) {
    mapping = { suffix: '', multiplier: 1, divisor: 1 }
  } else {
    // `{request}/s` -> `per_second`, `USD` -> `usd`: unknown units keep their meaning as a suffix.
    const stripped = unit.replace(/\{[^}]*\}/g, '')
    const slash = stripped.indexOf('/')
    const base = slash === -1 ? stripped : stripped.slice(0, slash)
    const per = slash === -1 ? '' : stripped.slice(slash + 1)
    const baseSuffix = base === '' ? '' : (unitMappings[base]?.suffix ?? base)
    const perSuffix = per === '' ? '' : `per_${perUnit(per)}`
    const suffix = [baseSuffix, perSuffix].filter((s) => s !== '').join('_')
    mapping = {
      suffix: sanitizeMetricName(suffix.toLowerCase()).replace(/^_+|_+$/g, ''),
      multiplier: 1,
      divisor: 1,
    }
  }
  if (unitCache.size < 1000) unitCache.set(unit, mapping)
  return mapping
}

function perUnit(unit: string): string {
  const singular: Record<string, string> = { s: 'second', min: 'minute', h: 'hour', d: 'day' }
  return singular[unit] ?? unit
}

const invalidMetricChar = /[^a-zA-Z0-9_:]/g
const invalidLabelChar = /[^a-zA-Z0-9_]/g

/** Replace every character a metric name may not hold with `_`; prefix `_` before a leading digit. */
export function sanitizeMetricName(name: string): string {
  let out = name.replace(invalidMetricChar, '_')
  if (out === '' || (out.charCodeAt(0) >= 48 && out.charCodeAt(0) <= 57)) out = '_' + out
  return out
}

const labelNameCache = new Map<string, string>()

/**
 * A tag key as a label name: dots and invalid characters become `_`, a leading digit gets a `_`
 * prefix, and names starting `__` (reserved by Prometheus) become `key_` + the rest.
 */
export function sanitizeLabelName(key: string): string {
  const cached = labelNameCache.get(key)
  if (cached !== undefined) return cached
  let out = key.replace(invalidLabelChar, '_')
  if (out === '' || (out.charCodeAt(0) >= 48 && out.charCodeAt(0) <= 57)) out = '_' + out
  if (out.startsWith('__')) out = 'key_' + out.replace(/^_+/, '')
  if (labelNameCache.size < 10_000) labelNameCache.set(key, out)
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
  divisor: number
}

/**
 * The Prometheus family name, unit and value conversion for a taxonomy metric name and unit:
 * `foundation_jido.signal.dispatch_duration` in `ms` is
 * `foundation_jido_signal_dispatch_duration_seconds` with values divided by 1000.
 */
export function prometheusFamily(name: string, unit: string): PrometheusFamily {
  const mapping = unitMapping(unit)
  let base = sanitizeMetricName(name)
  // A counter's `_total` is added back by the writers; a non-counter must not carry it.
  if (base.endsWith('_total')) base = base.slice(0, -6)
  if (mapping.suffix !== '') {
    // `..._ms` with unit ms would otherwise become `..._ms_seconds`.
    const abbreviations = unitAbbreviations[unit]
    if (abbreviations !== undefined) {
      for (const abbreviation of abbreviations) {
        if (base.endsWith('_' + abbreviation)) {
          base = base.slice(0, -abbreviation.length - 1)
          break
        }
      }
    }
    if (!base.endsWith('_' + mapping.suffix)) base = `${base}_${mapping.suffix}`
  }
  return { name: base, unit: mapping.suffix, multiplier: mapping.multiplier, divisor: mapping.divisor }
}

const unitAbbreviations: Readonly<Record<string, readonly string[]>> = {
  ns: ['ns', 'nanoseconds'],
  us: ['us', 'microseconds'],
  ms: ['ms', 'milliseconds', 'millis'],
  s: ['s', 'sec', 'secs'],
  min: ['min', 'minutes'],
  h: ['h', 'hours'],
  d: ['d', 'days'],
  By: ['b'],
  kBy: ['kb', 'kilobytes'],
  KiBy: ['kib', 'kibibytes'],
  MBy: ['mb', 'megabytes'],
  MiBy: ['mib', 'mebibytes'],
  '%': ['percent', 'pct'],
}

/** A raw value converted to the family's base unit. */
export function toBaseUnit(value: number, family: PrometheusFamily): number {
  return (value * family.multiplier) / family.divisor
}
