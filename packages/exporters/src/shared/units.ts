/**
 * Unit conversion at the export boundary, on the taxonomy's unit table: durations are
 * milliseconds inside the process, while OTLP and Prometheus want base units (seconds, bytes).
 */
import { type BaseUnit, baseUnit } from '@foundation-telemetry/taxonomy'

export type { BaseUnit }

/** The base unit of `unit` (UCUM as OpenTelemetry uses it); unknown units convert to themselves. */
export const baseUnitOf: (unit: string) => BaseUnit = baseUnit

/** Express `value` in `base.unit`: multiply, then divide by an exact integer so 1500 ms is exactly 1.5 s. */
export function scale(value: number, base: BaseUnit): number {
  if (base.multiplier === 1 && base.divisor === 1) return value
  return (value * base.multiplier) / base.divisor
}
