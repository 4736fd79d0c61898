/**
 * StatsD, CloudWatch EMF and Datadog have no histogram or summary type of their own: each series
 * is sent as single named values. This is the one place that decides which values a series
 * becomes and what they are called, so the same metric reads the same in all three backends.
 */
import type { MetricSnapshot, SeriesSnapshot } from '@foundation-telemetry/core'
import { quantileName } from './quantileName.ts'

/**
 * How a flat value aggregates: `count` values are deltas a backend adds up (a counter's value,
 * a histogram's count and sum); `gauge` values are levels (a gauge, a min, a max, a quantile).
 */
export type FlatKind = 'count' | 'gauge'

/** Which part of its series a flat value is. */
export type FlatPart = 'value' | 'count' | 'sum' | 'avg' | 'min' | 'max' | 'quantile'

/** Receives each flat value of one series, in order. */
export type FlatValueVisitor = (name: string, value: number, kind: FlatKind, part: FlatPart) => void

/** What the flattener adds beyond the values every backend gets. */
export interface FlattenOptions {
  /** Also send a histogram's mean as `<name>.avg` (after `.sum`). Defaults to `false`. */
  average?: boolean
}

/**
 * Visit the flat values of one series of `metric`:
 * - counter: its value (`0` when absent) as `count`;
 * - up-down counter and gauge: the value as `gauge`, when present;
 * - histogram with observations: `.count` and `.sum` as `count`, then (with `average`) `.avg`,
 *   `.min`, `.max` and each quantile (`.p50`, `.p99`) as `gauge`;
 * - summary: each quantile as `gauge`.
 *
 * Values are passed as they are (a backend drops those it cannot represent).
 *
 * @example
 * for (const series of metric.series)
 *   flattenSeries(metric, series, (name, value, kind) => send(name, value, kind === 'count' ? 'c' : 'g'))
 */
export function flattenSeries(
  metric: MetricSnapshot,
  series: SeriesSnapshot,
  visit: FlatValueVisitor,
  options: FlattenOptions = {},
): void {
  const name = metric.name
  switch (metric.kind) {
    case 'counter':
      visit(name, series.value ?? 0, 'count', 'value')
      return
    case 'updowncounter':
    case 'gauge':
      if (series.value !== undefined) visit(name, series.value, 'gauge', 'value')
      return
    case 'histogram': {
      const h = series.histogram
      if (!h || h.count === 0) return
      visit(`${name}.count`, h.count, 'count', 'count')
      visit(`${name}.sum`, h.sum, 'count', 'sum')
      if (options.average) visit(`${name}.avg`, h.sum / h.count, 'gauge', 'avg')
      visit(`${name}.min`, h.min, 'gauge', 'min')
      visit(`${name}.max`, h.max, 'gauge', 'max')
      for (const q of h.quantiles ?? []) visit(quantileName(name, q.quantile), q.value, 'gauge', 'quantile')
      return
    }
    case 'summary':
      for (const q of series.summary?.quantiles ?? [])
        visit(quantileName(name, q.quantile), q.value, 'gauge', 'quantile')
      return
  }
}
