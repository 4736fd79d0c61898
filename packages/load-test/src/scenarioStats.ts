/**
 * One scenario's measured results: counts, errors by category, and latency in core's mergeable
 * sketch (1% relative accuracy), so the whole-test figures are the scenarios' sketches merged,
 * not an average of percentiles.
 */
import { Sketch } from '@foundation-telemetry/core'
import { ErrorTally } from './errorTally.ts'

/** Latency figures of a report, ms (null when nothing was measured). */
export interface LatencySummary {
  min: number | null
  mean: number | null
  p50: number | null
  p90: number | null
  p95: number | null
  p99: number | null
  max: number | null
}

/** Measured results of one scenario (or the whole test). */
export class ScenarioStats {
  count = 0
  successes = 0
  errors = 0
  /** Open model: iterations due while every VU was busy at `maxVUs`. */
  dropped = 0
  /** Iterations still running when the test stopped (not counted in `count`). */
  interrupted = 0
  readonly latency = new Sketch()
  readonly errorTally = new ErrorTally()
  private latencySum = 0

  /** Count one finished iteration that took `latencyMs`. */
  record(latencyMs: number, ok: boolean, category?: string, message?: string): void {
    this.count++
    if (ok) this.successes++
    else {
      this.errors++
      this.errorTally.add(category ?? 'Error', message)
    }
    // Negative latencies cannot happen with a monotonic clock; clamp rather than corrupt the sketch.
    const value = latencyMs > 0 && latencyMs < Number.POSITIVE_INFINITY ? latencyMs : 0
    this.latency.add(value)
    this.latencySum += value
  }

  /** Add `other`'s results (exact: sketches merge by adding bucket counts). */
  merge(other: ScenarioStats): void {
    this.count += other.count
    this.successes += other.successes
    this.errors += other.errors
    this.dropped += other.dropped
    this.interrupted += other.interrupted
    this.latency.merge(other.latency)
    this.latencySum += other.latencySum
    this.errorTally.merge(other.errorTally)
  }

  /** Mean latency, NaN when empty. */
  mean(): number {
    return this.count === 0 ? Number.NaN : this.latencySum / this.count
  }

  /** The value of a latency statistic, NaN when empty. */
  quantile(q: number): number {
    return this.latency.quantile(q)
  }

  summary(): LatencySummary {
    const n = (v: number) => (Number.isFinite(v) ? round3(v) : null)
    const s = this.latency
    return {
      min: n(s.count === 0 ? Number.NaN : s.min),
      mean: n(this.mean()),
      p50: n(s.quantile(0.5)),
      p90: n(s.quantile(0.9)),
      p95: n(s.quantile(0.95)),
      p99: n(s.quantile(0.99)),
      max: n(s.count === 0 ? Number.NaN : s.max),
    }
  }
}

/** Three decimals: microsecond resolution for ms figures. */
export function round3(v: number): number {
  return Math.round(v * 1000) / 1000
}
