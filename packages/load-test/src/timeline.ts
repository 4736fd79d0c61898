/**
 * Throughput and latency over time for the report's charts: one point per interval of the
 * measured phase. The interval is chosen up front so a run has at most about 600 points, and each
 * point keeps numbers only: the open interval's sketch is read and cleared when it closes. The
 * two most recent intervals stay open, since completions (and worker batches) arrive slightly out
 * of order.
 */
import { Sketch } from '@foundation-telemetry/core'
import { round3 } from './scenarioStats.ts'

/** One point of the timeline. */
export interface TimelinePoint {
  /** Seconds since the measured phase began (the interval's start). */
  t: number
  /** Completed iterations per second in the interval. */
  throughput: number
  /** Errors per second in the interval. */
  errors: number
  p50: number | null
  p95: number | null
  p99: number | null
  max: number | null
}

const MAX_POINTS = 600

interface OpenInterval {
  index: number
  count: number
  errors: number
  sketch: Sketch
}

/** Collects the timeline of one run. */
export class Timeline {
  readonly intervalMs: number
  private readonly points: TimelinePoint[] = []
  private readonly open: OpenInterval[] = []
  private spare: Sketch[] = []
  /** The last interval of the planned phase: iterations finishing after it count in it. */
  private readonly lastIndex: number

  constructor(plannedMs: number) {
    this.intervalMs = Math.max(1000, Math.ceil(plannedMs / MAX_POINTS / 1000) * 1000)
    this.lastIndex = Math.max(0, Math.ceil(plannedMs / this.intervalMs) - 1)
  }

  /** Count a completion `atMs` after the measured phase began. */
  add(atMs: number, latencyMs: number, ok: boolean): void {
    const index = Math.min(this.lastIndex, Math.max(0, Math.floor(atMs / this.intervalMs)))
    const interval = this.intervalFor(index)
    interval.count++
    if (!ok) interval.errors++
    interval.sketch.add(Math.max(latencyMs, 0))
  }

  private intervalFor(index: number): OpenInterval {
    const open = this.open
    for (const interval of open) if (interval.index === index) return interval
    const newest = open[open.length - 1]
    if (newest !== undefined && index < newest.index) return open[0]!
    while (open.length >= 2) this.close(open.shift()!)
    const interval: OpenInterval = { index, count: 0, errors: 0, sketch: this.spare.pop() ?? new Sketch() }
    open.push(interval)
    return interval
  }

  private emptyPoint(index: number): TimelinePoint {
    return {
      t: (index * this.intervalMs) / 1000,
      throughput: 0,
      errors: 0,
      p50: null,
      p95: null,
      p99: null,
      max: null,
    }
  }

  private close(interval: OpenInterval): void {
    const per = 1000 / this.intervalMs
    const q = (v: number) => (Number.isFinite(v) ? round3(v) : null)
    const s = interval.sketch
    this.points.push({
      t: (interval.index * this.intervalMs) / 1000,
      throughput: round3(interval.count * per),
      errors: round3(interval.errors * per),
      p50: q(s.quantile(0.5)),
      p95: q(s.quantile(0.95)),
      p99: q(s.quantile(0.99)),
      max: q(s.count === 0 ? Number.NaN : s.max),
    })
    s.clear()
    this.spare.push(s)
  }

  /** Close the open intervals and return every point in time order; idle intervals read zero. */
  finish(): TimelinePoint[] {
    while (this.open.length > 0) this.close(this.open.shift()!)
    const byIndex = new Map<number, TimelinePoint>()
    for (const point of this.points) byIndex.set(Math.round((point.t * 1000) / this.intervalMs), point)
    const last = Math.max(-1, ...byIndex.keys())
    const out: TimelinePoint[] = []
    for (let i = 0; i <= last; i++) out.push(byIndex.get(i) ?? this.emptyPoint(i))
    return out
  }
}
