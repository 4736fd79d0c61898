/**
 * UCUM unit helpers for exporters. Inside the process durations are `ms` and sizes `By`; at the
 * Prometheus and OTLP boundary values go out in base units (seconds, bytes), and Prometheus names
 * carry the base unit as a suffix (`_seconds`, `_bytes`).
 */

import { toText } from './text.ts'
/** How to bring a unit to its base unit: `value * multiplier / divisor`. */
export interface BaseUnit {
  /** The base unit: `s` for every time unit, `By` for every byte unit, else the unit itself. */
  readonly unit: string
  readonly multiplier: number
  readonly divisor: number
}

// Division by an exact integer keeps 1500 ms -> 1.5 s exact, which multiplying by 0.001 does not.
const scales: Readonly<Record<string, readonly [unit: string, multiplier: number, divisor: number]>> = {
  ns: ['s', 1, 1e9],
  us: ['s', 1, 1e6],
  ms: ['s', 1, 1e3],
  s: ['s', 1, 1],
  min: ['s', 60, 1],
  h: ['s', 3600, 1],
  d: ['s', 86400, 1],
  By: ['By', 1, 1],
  kBy: ['By', 1e3, 1],
  KBy: ['By', 1e3, 1],
  MBy: ['By', 1e6, 1],
  GBy: ['By', 1e9, 1],
  TBy: ['By', 1e12, 1],
  KiBy: ['By', 1024, 1],
  MiBy: ['By', 1024 ** 2, 1],
  GiBy: ['By', 1024 ** 3, 1],
  TiBy: ['By', 1024 ** 4, 1],
  // Ratios are `1` (0..1) at the boundary, as Prometheus' `_ratio` convention expects.
  '%': ['1', 1, 100],
}

const identity = (unit: string): BaseUnit => ({ unit, multiplier: 1, divisor: 1 })

// Units come from a small vocabulary; the cap keeps arbitrary user strings from growing it.
const cacheLimit = 256
const cache = new Map<string, BaseUnit>()

function parse(unit: string): BaseUnit {
  const slash = unit.indexOf('/')
  if (slash === -1) {
    const scale = scales[unit]
    return scale ? { unit: scale[0], multiplier: scale[1], divisor: scale[2] } : identity(unit)
  }
  // A rate: scale the numerator, and divide by the denominator's scale (`{request}/min` -> `/s`).
  const numerator = parse(unit.slice(0, slash))
  const denominator = parse(unit.slice(slash + 1))
  return {
    unit: `${numerator.unit}/${denominator.unit}`,
    multiplier: numerator.multiplier * denominator.divisor,
    divisor: numerator.divisor * denominator.multiplier,
  }
}

/**
 * The base unit of `unit` and the scale to reach it: `ms` -> `s` (divide by 1000), `KiBy` -> `By`,
 * `{request}/min` -> `{request}/s`, `%` -> `1` (divide by 100). Units without a scale (`1`,
 * `{token}`, `USD`) map to themselves. Exporters resolve this once per metric and scale each value on the hot path.
 */
export function baseUnit(unit: string): BaseUnit {
  if (typeof unit !== 'string') return baseUnit(toText(unit))
  let base = cache.get(unit)
  if (base === undefined) {
    base = parse(unit)
    if (cache.size < cacheLimit) cache.set(unit, base)
  }
  return base
}

/** How many units the lookup cache holds; it never exceeds its cap. @internal For tests. */
export function cachedUnitCount(): number {
  return cache.size
}

/**
 * Convert a value to its base unit, as Prometheus and OTLP exporters send it.
 *
 * @example
 * ```ts
 * convertToBaseUnit(1500, 'ms') // { value: 1.5, unit: 's' }
 * convertToBaseUnit(2048, 'By') // { value: 2048, unit: 'By' }
 * ```
 */
export function convertToBaseUnit(value: number, unit: string): { value: number; unit: string } {
  try {
    return convertToBaseUnitUnguarded(value, unit)
  } catch {
    // Not the data this helper takes (or data whose fields throw): an empty result, never an exception.
    return { value: Number.NaN, unit: '' }
  }
}

function convertToBaseUnitUnguarded(value: number, unit: string): { value: number; unit: string } {
  const base = baseUnit(unit)
  return { value: (value * base.multiplier) / base.divisor, unit: base.unit }
}

const suffixes: Readonly<Record<string, string>> = {
  s: 'seconds',
  By: 'bytes',
  bit: 'bits',
  Hz: 'hertz',
  Cel: 'celsius',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  '1': '',
}

const perSuffixes: Readonly<Record<string, string>> = {
  s: 'second',
  min: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
}

function word(unit: string, table: Readonly<Record<string, string>>): string {
  // `{request}` style annotations carry no unit for Prometheus.
  const bare = unit.replace(/\{[^}]*\}/g, '')
  if (bare === '') return ''
  const known = table[bare]
  if (known !== undefined) return known
  return bare
    .replace(/[^a-zA-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase()
}

/**
 * The Prometheus name suffix for values in `unit` after {@link convertToBaseUnit}, following the
 * OpenTelemetry-to-Prometheus rules: `ms` -> `seconds`, `By` -> `bytes`, `{request}` -> `` (no
 * suffix), `{request}/s` -> `per_second`, `USD` -> `usd`, `%` -> `ratio`. Unit `1` adds no suffix:
 * it is also the default unit of plain counts, so a ratio's name says so itself (`hit_ratio`).
 */
export function unitToPrometheusSuffix(unit: string): string {
  if (typeof unit !== 'string') return unitToPrometheusSuffix(toText(unit))
  if (unit === '%') return 'ratio'
  const base = baseUnit(unit).unit
  const slash = base.indexOf('/')
  if (slash === -1) return word(base, suffixes)
  const numerator = word(base.slice(0, slash), suffixes)
  const denominator = word(base.slice(slash + 1), perSuffixes)
  if (denominator === '') return numerator
  return numerator === '' ? `per_${denominator}` : `${numerator}_per_${denominator}`
}
