/**
 * Multi-window, multi-burn-rate SLO alerts: a page when the error budget burns 14.4x over 1 h
 * (confirmed over 5 m) or 6x over 6 h (30 m), a ticket at 3x over 1 d (2 h) or 1x over 3 d (6 h),
 * for a 30-day period. Burn factors scale with the period: factor = budget share x period / long window.
 */
import { formatDuration, parseDuration } from './duration.ts'
import { guarded } from './guard.ts'
import type { Duration, MetricRule, Severity } from './types.ts'

/** Options of {@link sloBurnRateRules}. */
export interface SloOptions {
  /** Names the SLO: alert names start with it (`CheckoutErrorBudgetBurn`) and the `slo` label holds it. */
  name: string
  /** The objective, e.g. 0.999 for 99.9 %. */
  objective: number
  /** The counter of bad events (errors). */
  errors: string
  /** The counter of all events. */
  total: string
  /** The SLO period. Defaults to 30 d. */
  period?: Duration
  /** Severity of the fast-burn alerts. Defaults to `critical`. */
  pageSeverity?: Severity
  /** Severity of the slow-burn alerts. Defaults to `warning`. */
  ticketSeverity?: Severity
  /** Extra labels on every rule. */
  labels?: Readonly<Record<string, string>>
  /** `each` (one alert per series of `total`) or `merged`. Defaults to `merged`. */
  series?: 'each' | 'merged'
}

/** The windows and budget shares of the multi-window multi-burn-rate method. */
export const burnRateWindows = [
  { long: '1h', short: '5m', budget: 0.02, page: true },
  { long: '6h', short: '30m', budget: 0.05, page: true },
  { long: '1d', short: '2h', budget: 0.1, page: false },
  { long: '3d', short: '6h', budget: 0.1, page: false },
] as const

/**
 * The four burn-rate rules of an SLO, each firing when the error ratio exceeds factor x (1 -
 * objective) over both its long and its short window.
 *
 * @example
 * ```ts
 * sloBurnRateRules({ name: 'Requests', objective: 0.999, errors: 'foundation_os.errors', total: 'foundation_os.requests' })
 * ```
 */
export function sloBurnRateRules(options: SloOptions): MetricRule[] {
  return guarded(
    'sloBurnRateRules',
    options,
    () => {
      const period = parseDuration(options.period ?? '30d') ?? 30 * 86_400_000
      const budget = 1 - options.objective
      return burnRateWindows.map((w) => {
        const longMs = parseDuration(w.long)!
        const factor = round((w.budget * period) / longMs)
        const threshold = round(factor * budget)
        return {
          name: `${options.name}ErrorBudgetBurn`,
          metric: options.errors,
          denominator: options.total,
          aggregate: 'ratio',
          window: [w.long, w.short],
          comparator: '>',
          threshold,
          severity: w.page ? (options.pageSeverity ?? 'critical') : (options.ticketSeverity ?? 'warning'),
          series: options.series ?? 'merged',
          labels: {
            ...options.labels,
            slo: options.name,
            long_window: w.long,
            short_window: w.short,
            burn_rate: String(factor),
          },
          annotations: {
            summary: `${options.name} is burning its error budget ${factor}x too fast (${formatDuration(longMs)} and ${w.short} windows)`,
          },
        }
      })
    },
    () => [],
  )
}

// Products like 14.4 x 0.001 are rounded to 12 significant digits so rule files read cleanly.
function round(n: number): number {
  return Number(n.toPrecision(12))
}
