/**
 * Metric snapshots as Datadog v1 series (`POST /api/v1/series`): counters as `count` (or
 * `rate`), gauges and up-down counters as `gauge`, histograms and summaries as derived series.
 */

import type { MetricSnapshot, SeriesSnapshot } from '@foundation-telemetry/core'
import { toText } from '@foundation-telemetry/taxonomy'
import { flattenSeries } from '../shared/snapshotFlattener.ts'

/** One series of the v1 API. */
export interface DatadogSeries {
  metric: string
  points: Array<[number, number]>
  type: 'count' | 'rate' | 'gauge'
  /** Seconds; required for `count` and `rate`. */
  interval?: number
  host?: string
  tags: string[]
}

/** How snapshots become series. */
export interface SeriesOptions {
  /** Seconds between exports: the `interval` of count and rate series whose snapshot has no span of time. */
  interval: number
  host: string | undefined
  prefix: string
  globalTags: readonly string[]
  /** Send counters as `count` (the delta) or `rate` (delta per second). */
  counterType: 'count' | 'rate'
}

/** Datadog metric names: ASCII letters, digits, `_` and `.`, starting with a letter, at most 200 characters. */
export function datadogMetricName(name: string): string {
  if (typeof name !== 'string') return datadogMetricName(toText(name))
  let out = name.replace(/[^A-Za-z0-9_.]/g, '_')
  if (!/^[A-Za-z]/.test(out)) out = `m_${out}`
  return out.slice(0, 200)
}

/** `key:value` tags; Datadog does not allow commas in tags, and its limit is 200 characters. */
export function datadogTags(tags: Readonly<Record<string, string>>): string[] {
  const out: string[] = []
  for (const key in tags) {
    const value = tags[key] ?? ''
    out.push(`${key}:${value}`.replace(/,/g, '_').slice(0, 200))
  }
  return out
}

/** Convert snapshots (delta temporality) into v1 series. */
export function toDatadogSeries(metrics: readonly MetricSnapshot[], options: SeriesOptions): DatadogSeries[] {
  try {
    return toDatadogSeriesUnguarded(metrics, options)
  } catch {
    // Not the data this helper takes (or data whose fields throw): an empty result, never an exception.
    return []
  }
}

function toDatadogSeriesUnguarded(
  metrics: readonly MetricSnapshot[],
  options: SeriesOptions,
): DatadogSeries[] {
  const out: DatadogSeries[] = []
  const emit = (
    name: string,
    series: SeriesSnapshot,
    value: number,
    type: DatadogSeries['type'],
    interval?: number,
  ) => {
    if (!Number.isFinite(value)) return
    const entry: DatadogSeries = {
      metric: datadogMetricName(options.prefix + name),
      points: [[Math.floor(series.time / 1000), value]],
      type,
      tags: [...options.globalTags, ...datadogTags(series.tags)],
    }
    if (interval !== undefined) entry.interval = interval
    if (options.host) entry.host = options.host
    out.push(entry)
  }
  const counter = (name: string, series: SeriesSnapshot, delta: number) => {
    // A delta snapshot covers [startTime, time]: that is the honest interval of a count or rate.
    const span = (series.time - series.startTime) / 1000
    const interval = span >= 1 ? Math.round(span) : options.interval
    if (options.counterType === 'rate') emit(name, series, delta / interval, 'rate', interval)
    else emit(name, series, delta, 'count', interval)
  }
  for (const metric of metrics) {
    for (const series of metric.series) {
      flattenSeries(
        metric,
        series,
        (name, value, kind) =>
          kind === 'count' ? counter(name, series, value) : emit(name, series, value, 'gauge'),
        { average: true },
      )
    }
  }
  return out
}
