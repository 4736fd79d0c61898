/**
 * What every instrument shares with its engine: the clock, the error hook, the active span
 * lookup for exemplars, and the counters behind `stats()`.
 */
import type { Clock } from '../clock.ts'
import { TelemetryError, type TelemetryErrorCode } from '../errors.ts'
import type { SpanContext } from '../types.ts'

/** Counts the engine keeps about data it refused or redirected. */
export interface EngineCounters {
  /** Values rejected (negative counter adds, non-finite numbers, wrong types). */
  rejected: number
  /** Data points routed to an overflow series because a cardinality limit was reached. */
  overflowed: number
}

/** Shared engine state handed to every instrument. */
export interface EngineContext {
  readonly clock: Clock
  readonly activeSpanContext: () => SpanContext | undefined
  readonly counters: EngineCounters
  /** Report a problem through the telemetry error hook; never throws. */
  report(code: TelemetryErrorCode, message: string, details: Record<string, unknown>): void
}

/** Build the context, wrapping `reportError` so a throwing hook cannot reach the host. */
export function createEngineContext(
  clock: Clock,
  reportError: (error: TelemetryError) => void,
  activeSpanContext: () => SpanContext | undefined,
): EngineContext {
  return {
    clock,
    counters: { rejected: 0, overflowed: 0 },
    activeSpanContext: () => {
      try {
        return activeSpanContext()
      } catch {
        return undefined
      }
    },
    report(code, message, details) {
      try {
        reportError(new TelemetryError(code, message, details))
      } catch {
        // The error hook itself failed; there is nowhere left to report to.
      }
    },
  }
}
