/**
 * Unit conversion at the export boundary: durations are milliseconds inside the process, while
 * OTLP and Prometheus want base units (seconds, bytes). Implemented here because the taxonomy
 * does not export `convertToBaseUnit` yet.
 */

/** A unit and the factor that converts a value in it to its base unit. */
export interface BaseUnit {
  /** The base unit: `s`, `By`, or the input unit unchanged. */
  unit: string
  /** Multiply a value by this to express it in `unit`. */
  factor: number
}

const baseUnits: Record<string, BaseUnit> = {
  ns: { unit: 's', factor: 1e-9 },
  us: { unit: 's', factor: 1e-6 },
  ms: { unit: 's', factor: 1e-3 },
  s: { unit: 's', factor: 1 },
  min: { unit: 's', factor: 60 },
  h: { unit: 's', factor: 3600 },
  d: { unit: 's', factor: 86_400 },
  By: { unit: 'By', factor: 1 },
  KBy: { unit: 'By', factor: 1e3 },
  MBy: { unit: 'By', factor: 1e6 },
  GBy: { unit: 'By', factor: 1e9 },
  KiBy: { unit: 'By', factor: 1024 },
  MiBy: { unit: 'By', factor: 1024 ** 2 },
  GiBy: { unit: 'By', factor: 1024 ** 3 },
}

/** The base unit of `unit` (UCUM as OpenTelemetry uses it); unknown units convert to themselves. */
export function baseUnitOf(unit: string): BaseUnit {
  return baseUnits[unit] ?? { unit, factor: 1 }
}

/**
 * Convert `value` in `unit` to its base unit.
 *
 * @example
 * convertToBaseUnit(1500, 'ms') // { value: 1.5, unit: 's' }
 */
export function convertToBaseUnit(value: number, unit: string): { value: number; unit: string } {
  const base = baseUnitOf(unit)
  return { value: scale(value, base.factor), unit: base.unit }
}

/**
 * Multiply by a factor, dividing by its inverse when that is an integer, so `1500 ms` gives
 * exactly `1.5` rather than `1.5000000000000002`.
 */
export function scale(value: number, factor: number): number {
  if (factor === 1) return value
  if (factor < 1) {
    const inverse = Math.round(1 / factor)
    if (Math.abs(inverse * factor - 1) < 1e-12) return value / inverse
  }
  return value * factor
}
