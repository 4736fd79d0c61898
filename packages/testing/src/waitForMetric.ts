import type { Telemetry } from '@foundation-telemetry/core'
import { TelemetryExpectationError } from './expectationError.ts'
import { formatValue } from './format.ts'
import type { TelemetryLike } from './observe.ts'
import { type ConditionOptions, waitUntil } from './waitForCondition.ts'

/** Which number of a metric the predicate sees. */
export type MetricStat = 'value' | 'count' | 'sum' | 'mean' | 'min' | 'max' | 'rate'

/** Options for {@link waitForMetric}. */
export interface MetricWaitOptions extends Omit<ConditionOptions, 'telemetry'> {
  /**
   * Read the recent-window statistics (`metrics.windowStats(name, window, tags)`) over this many
   * ms instead of the cumulative totals from `metrics.collect()`. Without tags (or with `{}`) the
   * window covers every series, including those created after the wait starts; with tags, the one
   * series they name exactly.
   */
  window?: number
  /**
   * The number compared. Defaults to `value` for counters and gauges (summed over every series
   * whose tags include `tags`), `count` for histograms and summaries, and `sum` with `window`.
   * `rate` (per second) needs `window`.
   */
  stat?: MetricStat
  /** With `window`: compare this quantile (0.99 for p99) instead of `stat`. */
  quantile?: number
}

type MetricsTelemetry = TelemetryLike & {
  readonly metrics: Pick<Telemetry['metrics'], 'collect' | 'windowStats'>
}

interface Reading {
  value: number | undefined
  note: string
}

/**
 * Wait until metric `name` (series whose tags include `tags`) satisfies `predicate`, and resolve
 * with the value. Re-reads on every telemetry event (collectors update instruments from events)
 * and polls every `interval` (default 10 ms) for instruments updated directly. Rejects after
 * `timeout` (default 1000 ms) with the last value read.
 *
 * @example
 * const attempts = await waitForMetric(t, 'foundation.retry.attempts', { operation: 'charge' }, (n) => n >= 3)
 */
export function waitForMetric(
  telemetry: MetricsTelemetry,
  name: string,
  tags: Record<string, unknown> | undefined,
  predicate: (value: number) => boolean,
  options?: MetricWaitOptions,
): Promise<number> {
  const helper = 'waitForMetric'
  if (!telemetry || typeof telemetry.metrics !== 'object' || telemetry.metrics === null) {
    return Promise.reject(
      new TypeError(`${helper}: the first argument must be a telemetry instance with metrics.`),
    )
  }
  if (typeof name !== 'string' || name.length === 0) {
    return Promise.reject(new TypeError(`${helper}: the metric name must be a non-empty string.`))
  }
  if (typeof predicate !== 'function')
    return Promise.reject(new TypeError(`${helper}: expected a predicate.`))
  let last: Reading = { value: undefined, note: 'not read yet' }
  const check = () => {
    last = readMetric(telemetry, name, tags, options)
    return last.value !== undefined && predicate(last.value) ? { value: last.value } : undefined
  }
  return waitUntil(
    check,
    { ...options, telemetry, interval: options?.interval ?? 10 },
    (attempts, timeout) =>
      new TelemetryExpectationError(
        helper,
        `${helper}: ${name} ${formatValue(tags ?? {})} did not satisfy ${formatValue(predicate)} within ${timeout} ms ` +
          `(${attempts.checks} checks); last value ${formatValue(last.value)} (${last.note}).`,
        attempts.hasError ? { cause: attempts.lastError } : undefined,
      ),
  ).then((found) => found.value)
}

/** Read one number of a metric, or undefined with a note saying why. Never throws. */
export function readMetric(
  telemetry: MetricsTelemetry,
  name: string,
  tags: Record<string, unknown> | undefined,
  options?: Pick<MetricWaitOptions, 'window' | 'stat' | 'quantile'>,
): Reading {
  try {
    if (options?.window !== undefined) return readWindow(telemetry, name, tags, options)
    const snapshot = telemetry.metrics.collect().find((metric) => metric.name === name)
    if (!snapshot) return { value: undefined, note: 'no such metric yet' }
    const wanted = stringTags(tags)
    const series = snapshot.series.filter((s) => Object.entries(wanted).every(([k, v]) => s.tags[k] === v))
    if (series.length === 0)
      return { value: undefined, note: `${snapshot.series.length} series, none with those tags` }
    const distribution = snapshot.kind === 'histogram' || snapshot.kind === 'summary'
    const stat = options?.stat ?? (distribution ? 'count' : 'value')
    let sum = 0
    let count = 0
    let value = 0
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY
    for (const s of series) {
      value += s.value ?? 0
      const data = s.histogram ?? s.summary
      if (data) {
        sum += data.sum
        count += data.count
      }
      if (s.histogram) {
        min = Math.min(min, s.histogram.min)
        max = Math.max(max, s.histogram.max)
      } else if (s.value !== undefined) {
        min = Math.min(min, s.value)
        max = Math.max(max, s.value)
      }
    }
    const note = `${series.length} series, ${snapshot.kind}, ${stat}`
    switch (stat) {
      case 'value':
        return { value: distribution ? count : value, note }
      case 'count':
        return { value: distribution ? count : series.length, note }
      case 'sum':
        return { value: distribution ? sum : value, note }
      case 'mean':
        return {
          value: distribution ? (count === 0 ? Number.NaN : sum / count) : value / series.length,
          note,
        }
      case 'min':
        return { value: min, note }
      case 'max':
        return { value: max, note }
      case 'rate':
        return { value: undefined, note: '`rate` needs the `window` option' }
    }
  } catch (error) {
    return { value: undefined, note: `reading metrics threw ${formatValue(error)}` }
  }
}

function readWindow(
  telemetry: MetricsTelemetry,
  name: string,
  tags: Record<string, unknown> | undefined,
  options: Pick<MetricWaitOptions, 'window' | 'stat' | 'quantile'>,
): Reading {
  // No tags means every series merged, as for collected values; `{}` would name only the untagged
  // series, and a window started on it would miss series created later.
  const wanted = stringTags(tags)
  const stats = telemetry.metrics.windowStats(
    name,
    options.window!,
    Object.keys(wanted).length === 0 ? undefined : wanted,
  )
  if (!stats) return { value: undefined, note: 'no such metric yet' }
  if (options.quantile !== undefined) {
    return {
      value: stats.quantile(options.quantile),
      note: `p${options.quantile * 100} over ${options.window} ms`,
    }
  }
  const stat = options.stat ?? 'sum'
  const value = stat === 'value' ? stats.sum : stats[stat]
  return { value, note: `${stat} over ${options.window} ms` }
}

function stringTags(tags: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (!tags) return out
  for (const [key, value] of Object.entries(tags)) {
    if (value !== undefined && value !== null) out[key] = String(value)
  }
  return out
}
