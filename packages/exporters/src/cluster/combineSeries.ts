/**
 * Combining the series of several workers into one: sums for counters, bucket by bucket for
 * histograms, a declared policy for gauges.
 */
import type { HistogramData, SeriesSnapshot } from '@foundation-telemetry/core'
import type { Cumulative } from './restartCarry.ts'

/** How the gauges of one metric combine across workers. */
export type GaugePolicy = 'per_worker' | 'sum' | 'min' | 'max' | 'avg' | 'last'

/** Every {@link GaugePolicy}, for reading options. */
export const GAUGE_POLICIES: ReadonlySet<string> = new Set(['per_worker', 'sum', 'min', 'max', 'avg', 'last'])

/** The values of one gauge series from every worker, as one value by `policy`. */
export function combineGauge(policy: GaugePolicy, values: readonly number[]): number {
  switch (policy) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0)
    case 'min':
      return Math.min(...values)
    case 'max':
      return Math.max(...values)
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length
    default:
      return values[values.length - 1] as number
  }
}

/** A worker's series with its restart-continued totals. */
export function withTotal(series: SeriesSnapshot, total: Cumulative): SeriesSnapshot {
  const h = series.histogram
  if (h === undefined)
    return { tags: series.tags, startTime: series.startTime, time: series.time, value: total.value }
  const histogram: HistogramData = {
    bounds: h.bounds,
    counts: total.counts,
    sum: total.sum,
    count: total.count,
    min: h.min,
    max: h.max,
  }
  return { tags: series.tags, startTime: series.startTime, time: series.time, histogram }
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * `existing` (already merged) plus one more worker's series (with its carried-over totals), as a
 * new series; `existing` itself when the two cannot be added (different bucket layouts: the first
 * worker's stands).
 */
export function combine(existing: SeriesSnapshot, series: SeriesSnapshot): SeriesSnapshot {
  const startTime = Math.min(existing.startTime, series.startTime)
  const time = Math.max(existing.time, series.time)
  const a = existing.histogram
  const b = series.histogram
  if (a === undefined || b === undefined) {
    return { tags: existing.tags, startTime, time, value: (existing.value ?? 0) + (series.value ?? 0) }
  }
  if (!sameBounds(a.bounds, b.bounds)) return existing
  return {
    tags: existing.tags,
    startTime,
    time,
    histogram: {
      bounds: a.bounds,
      counts: a.counts.map((count, i) => count + (b.counts[i] ?? 0)),
      sum: a.sum + b.sum,
      count: a.count + b.count,
      min: Math.min(a.min, b.min),
      max: Math.max(a.max, b.max),
    },
  }
}

/**
 * {@link combine} into `owned`, a series an earlier {@link combine} made (so no worker's data is
 * written): the same result without a new object per worker. Returns false, changing nothing,
 * for the rare combinations whose result has another shape (a histogram meeting a plain value);
 * the caller combines those into a new series instead.
 */
export function combineInto(owned: SeriesSnapshot, series: SeriesSnapshot): boolean {
  const a = owned.histogram as HistogramData & { counts: number[] }
  const b = series.histogram
  if ((a === undefined) !== (b === undefined)) return false
  if (a !== undefined && b !== undefined && !sameBounds(a.bounds, b.bounds)) return true
  owned.startTime = Math.min(owned.startTime, series.startTime)
  owned.time = Math.max(owned.time, series.time)
  if (a === undefined || b === undefined) {
    owned.value = (owned.value ?? 0) + (series.value ?? 0)
    return true
  }
  for (let i = 0; i < a.counts.length; i++) a.counts[i] = (a.counts[i] as number) + (b.counts[i] ?? 0)
  a.sum += b.sum
  a.count += b.count
  a.min = Math.min(a.min, b.min)
  a.max = Math.max(a.max, b.max)
  return true
}
