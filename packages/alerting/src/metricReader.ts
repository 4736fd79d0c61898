/**
 * Reads the values metric rules compare, through core's public metrics API only: `windowStats`
 * for everything over a window (core keeps the rolling windows), `collect` for latest values and
 * for the list of series. One `collect` serves a whole evaluation.
 */
import type { MetricSnapshot, Metrics, SeriesSnapshot, Tags, WindowStats } from '@foundation-telemetry/core'
import { quantileOf } from './compileRule.ts'
import type { Aggregate, MetricRule } from './types.ts'

/** One value of a rule: the series' tags and the value per window (NaN without data). */
export interface SeriesReading {
  tags: Readonly<Record<string, string>>
  /** The series' identity within its rule (`''` for a series without tags). */
  key: string
  /** One per window of the rule (one for `value`). */
  values: number[]
}

/** A rule's readings, or `missing` when the metric does not exist (yet). */
export type Reading = { missing: string } | { series: SeriesReading[] }

const noTags: Readonly<Record<string, string>> = Object.freeze({})

/** Reads metric rules' values for one evaluation at a time. */
export class MetricReader {
  private readonly metrics: Metrics
  private index: Map<string, MetricSnapshot> | undefined
  /**
   * Window statistics already read in this evaluation, by series (or merged query) and window:
   * rules reading the same metric (its p95 and its mean, say) share one read. Each read merges
   * the window's buckets and sketches, the costly part of an evaluation.
   */
  private readonly bySeries = new Map<object, Map<number, WindowStats | undefined>>()
  private readonly byQuery = new Map<string, WindowStats | undefined>()
  private readonly keys = new Map<object, string>()
  /** Quantiles already read from a shared statistics object (several rules ask for the same p95). */
  private readonly quantiles = new Map<WindowStats, Map<number, number>>()

  constructor(metrics: Metrics) {
    this.metrics = metrics
  }

  /** Start an evaluation: the next read collects afresh. */
  begin(): void {
    this.index = undefined
    this.bySeries.clear()
    this.byQuery.clear()
    this.keys.clear()
    this.quantiles.clear()
  }

  private quantile(stats: WindowStats, q: number): number {
    let known = this.quantiles.get(stats)
    if (known === undefined) {
      known = new Map()
      this.quantiles.set(stats, known)
    }
    let value = known.get(q)
    if (value === undefined) {
      value = stats.quantile(q)
      known.set(q, value)
    }
    return value
  }

  /** A series' identity, computed once per evaluation. */
  private keyOf(series: SeriesSnapshot): string {
    let key = this.keys.get(series)
    if (key === undefined) {
      key = Object.keys(series.tags).length === 0 ? '' : JSON.stringify(series.tags)
      this.keys.set(series, key)
    }
    return key
  }

  /** `windowStats` of one series of this evaluation's collection, read once per window. */
  private seriesStats(name: string, window: number, series: SeriesSnapshot): WindowStats | undefined {
    let windows = this.bySeries.get(series)
    if (windows === undefined) {
      windows = new Map()
      this.bySeries.set(series, windows)
    }
    if (windows.has(window)) return windows.get(window)
    const stats = this.metrics.windowStats(name, window, series.tags)
    windows.set(window, stats)
    return stats
  }

  /** `windowStats` of a merged (or tag-selected) query, read once per evaluation. */
  private queryStats(name: string, window: number, tags: Tags | undefined): WindowStats | undefined {
    const key =
      tags === undefined ? `${name}\u0000${window}` : `${name}\u0000${window}\u0000${JSON.stringify(tags)}`
    if (this.byQuery.has(key)) return this.byQuery.get(key)
    const stats = this.metrics.windowStats(name, window, tags)
    this.byQuery.set(key, stats)
    return stats
  }

  /** The snapshot of `name` in this evaluation's collection. */
  snapshot(name: string): MetricSnapshot | undefined {
    if (this.index === undefined) {
      this.index = new Map()
      for (const snapshot of this.metrics.collect()) this.index.set(snapshot.name, snapshot)
    }
    return this.index.get(name)
  }

  /** Start the rule's windows on its instruments now, so they hold history by the first evaluation. */
  prime(rule: MetricRule, windows: readonly number[]): void {
    if (rule.aggregate === 'value') return
    for (const w of windows) {
      this.metrics.windowStats(rule.metric, w)
      if (rule.denominator !== undefined) this.metrics.windowStats(rule.denominator, w)
    }
  }

  /** The readings of `rule` over `windows`. */
  read(rule: MetricRule, windows: readonly number[]): Reading {
    const listed = rule.aggregate === 'ratio' ? rule.denominator! : rule.metric
    if (rule.series === 'merged') return this.readMerged(rule, windows, listed)
    const snapshot = this.snapshot(listed)
    if (snapshot === undefined) return { missing: listed }
    const out: SeriesReading[] = []
    for (const series of snapshot.series) {
      if (rule.tags !== undefined && !tagsMatch(series.tags, rule.tags)) continue
      out.push({
        tags: series.tags,
        key: this.keyOf(series),
        values: this.values(rule, windows, series, snapshot),
      })
    }
    return { series: out }
  }

  private readMerged(rule: MetricRule, windows: readonly number[], listed: string): Reading {
    if (rule.aggregate === 'value') {
      const snapshot = this.snapshot(listed)
      if (snapshot === undefined) return { missing: listed }
      let sum = 0
      let seen = false
      for (const series of snapshot.series) {
        if (rule.tags !== undefined && !tagsMatch(series.tags, rule.tags)) continue
        if (series.value === undefined) continue
        sum += series.value
        seen = true
      }
      return { series: [{ tags: noTags, key: '', values: [seen ? sum : Number.NaN] }] }
    }
    const values: number[] = []
    for (const w of windows) {
      const stats = this.queryStats(listed, w, rule.tags)
      if (stats === undefined) return { missing: listed }
      values.push(this.fromStats(rule, w, stats, undefined, listed))
    }
    return { series: [{ tags: noTags, key: '', values }] }
  }

  private values(
    rule: MetricRule,
    windows: readonly number[],
    series: SeriesSnapshot,
    snapshot: MetricSnapshot,
  ): number[] {
    if (rule.aggregate === 'value') return [series.value ?? Number.NaN]
    const values: number[] = []
    for (const w of windows) {
      const stats = this.seriesStats(snapshot.name, w, series)
      values.push(
        stats === undefined
          ? Number.NaN
          : this.fromStats(rule, w, stats, series, snapshot.name, snapshot.kind),
      )
    }
    return values
  }

  private fromStats(
    rule: MetricRule,
    window: number,
    stats: WindowStats,
    series: SeriesSnapshot | undefined,
    listed: string,
    kind?: string,
  ): number {
    const aggregate: Aggregate = rule.aggregate
    switch (aggregate) {
      case 'rate':
        return stats.rate
      case 'increase': {
        const k = kind ?? this.snapshot(listed)?.kind
        return k === 'counter' || k === 'updowncounter' ? stats.sum : stats.count
      }
      case 'ratio': {
        // A numerator that was never recorded (no failures yet) is zero, not missing.
        const num =
          series === undefined
            ? this.queryStats(rule.metric, window, rule.tags)
            : this.metrics.windowStats(rule.metric, window, series.tags)
        return stats.sum === 0 ? Number.NaN : (num?.sum ?? 0) / stats.sum
      }
      case 'avg':
        return stats.mean
      case 'min':
        return stats.min
      case 'max':
        return stats.max
      default:
        return stats.count === 0 ? Number.NaN : this.quantile(stats, quantileOf[aggregate] ?? 0.5)
    }
  }
}

function tagsMatch(tags: Readonly<Record<string, string>>, wanted: Tags): boolean {
  for (const key of Object.keys(wanted)) {
    const v = wanted[key]
    if (v === null || v === undefined) continue
    if (tags[key] !== String(v)) return false
  }
  return true
}
