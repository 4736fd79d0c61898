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

  constructor(metrics: Metrics) {
    this.metrics = metrics
  }

  /** Start an evaluation: the next read collects afresh. */
  begin(): void {
    this.index = undefined
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
      out.push({ tags: series.tags, values: this.values(rule, windows, series, snapshot) })
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
      return { series: [{ tags: noTags, values: [seen ? sum : Number.NaN] }] }
    }
    const values: number[] = []
    for (const w of windows) {
      const stats = this.metrics.windowStats(listed, w, rule.tags)
      if (stats === undefined) return { missing: listed }
      values.push(this.fromStats(rule, w, stats, rule.tags, listed))
    }
    return { series: [{ tags: noTags, values }] }
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
      const stats = this.metrics.windowStats(snapshot.name, w, series.tags)
      values.push(
        stats === undefined
          ? Number.NaN
          : this.fromStats(rule, w, stats, series.tags, snapshot.name, snapshot.kind),
      )
    }
    return values
  }

  private fromStats(
    rule: MetricRule,
    window: number,
    stats: WindowStats,
    tags: Tags | undefined,
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
        const num = this.metrics.windowStats(rule.metric, window, tags)
        return stats.sum === 0 ? Number.NaN : (num?.sum ?? 0) / stats.sum
      }
      case 'avg':
        return stats.mean
      case 'min':
        return stats.min
      case 'max':
        return stats.max
      default:
        return stats.count === 0 ? Number.NaN : stats.quantile(quantileOf[aggregate] ?? 0.5)
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
