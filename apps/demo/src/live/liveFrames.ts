/**
 * What the dashboard plots: panels of series, each series a statistic of one metric over a recent
 * window, computed from the telemetry's rolling windows once per tick into one JSON frame.
 */
import type { Metrics, Tags } from '@foundation-telemetry/core'

/** How one series is read. */
export type SeriesStat = 'rate' | 'p50' | 'p99' | 'mean' | 'ratio' | 'value' | 'sum'

/** One plotted series. */
export interface SeriesSpec {
  label: string
  metric: string
  stat: SeriesStat
  /** For `ratio`: the denominator metric (sums over the window). */
  denominator?: string
  /** Window in ms. Defaults to 10 000. */
  window?: number
  /** Only series with these tags (rate, quantiles, sum). */
  tags?: Tags
  /** Multiply by this (60 for per minute, 1000 for ms from s). Defaults to 1. */
  scale?: number
}

/** One chart. */
export interface PanelSpec {
  id: string
  title: string
  unit: string
  series: SeriesSpec[]
}

/** One tick of the dashboard: a value per series (null when there is no data yet). */
export interface Frame {
  /** Epoch seconds. */
  t: number
  values: Record<string, Array<number | null>>
  /** Circuit breaker states by name: 0 closed, 0.5 half-open, 1 open. */
  breakers: Record<string, number>
}

/** The latest value of a gauge (summed over its series, or the one `tags` names). */
function gaugeValue(metrics: Metrics, name: string, tags?: Tags): number | undefined {
  const snapshot = metrics.collect().find((m) => m.name === name)
  if (snapshot === undefined || snapshot.series.length === 0) return undefined
  let sum = 0
  let found = false
  for (const series of snapshot.series) {
    if (tags !== undefined && !Object.entries(tags).every(([k, v]) => series.tags[k] === String(v))) continue
    if (series.value === undefined) continue
    sum += series.value
    found = true
  }
  return found ? sum : undefined
}

function finite(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) ? null : value
}

/** Read one series now. */
export function readSeries(metrics: Metrics, spec: SeriesSpec): number | null {
  const window = spec.window ?? 10_000
  const scale = spec.scale ?? 1
  let value: number | undefined
  switch (spec.stat) {
    case 'value':
      value = gaugeValue(metrics, spec.metric, spec.tags)
      break
    case 'ratio':
      value = metrics.windowRatio(spec.metric, spec.denominator ?? spec.metric, window, spec.tags)
      break
    default: {
      const stats = metrics.windowStats(spec.metric, window, spec.tags)
      if (stats === undefined || stats.count === 0) break
      if (spec.stat === 'rate') value = stats.rate
      else if (spec.stat === 'sum') value = stats.sum
      else if (spec.stat === 'mean') value = stats.mean
      else value = stats.quantile(spec.stat === 'p50' ? 0.5 : 0.99)
    }
  }
  const out = finite(value)
  return out === null ? null : out * scale
}

/** Compute one frame. */
export function computeFrame(metrics: Metrics, panels: readonly PanelSpec[], now: number): Frame {
  const values: Frame['values'] = {}
  for (const panel of panels) values[panel.id] = panel.series.map((spec) => readSeries(metrics, spec))
  const breakers: Record<string, number> = {}
  const states = metrics.collect().find((m) => m.name === 'foundation.circuit_breaker.state')
  for (const series of states?.series ?? []) {
    const name = series.tags.name
    if (name !== undefined && series.value !== undefined) breakers[name] = series.value
  }
  return { t: Math.round(now / 100) / 10, values, breakers }
}
