import { describedAs } from './format.ts'
import { type MetricWaitOptions, waitForMetric } from './waitForMetric.ts'

/** How a metric is compared with its threshold. Always explicit: "below" is as common as "above". */
export type Comparator = '>' | '>=' | '<' | '<=' | '==' | '!='

const compare: Record<Comparator, (value: number, threshold: number) => boolean> = {
  '>': (v, t) => v > t,
  '>=': (v, t) => v >= t,
  '<': (v, t) => v < t,
  '<=': (v, t) => v <= t,
  '==': (v, t) => v === t,
  '!=': (v, t) => v !== t,
}

/**
 * Wait until metric `name` (series whose tags include `tags`) compares to `threshold` as
 * `comparator` says; resolves with the value. Built on {@link waitForMetric}, so it takes the
 * same options (`window`, `stat`, `quantile`, `timeout`, `interval`, `clock`).
 *
 * @example
 * await waitForMetricThreshold(t, 'foundation.connections.active', { pool_id: 'db' }, 0, '==')
 * await waitForMetricThreshold(t, 'dspex.program.execution_duration', {}, 500, '<', { window: 60_000, quantile: 0.99 })
 */
export function waitForMetricThreshold(
  telemetry: Parameters<typeof waitForMetric>[0],
  name: string,
  tags: Record<string, unknown> | undefined,
  threshold: number,
  comparator: Comparator,
  options?: MetricWaitOptions,
): Promise<number> {
  const test = compare[comparator]
  if (!test || typeof threshold !== 'number' || Number.isNaN(threshold)) {
    return Promise.reject(
      new TypeError(
        `waitForMetricThreshold: expected a number threshold and one of ${Object.keys(compare).join(' ')}.`,
      ),
    )
  }
  const predicate = describedAs(
    (value: number) => test(value, threshold),
    () => `value ${comparator} ${threshold}`,
  )
  return waitForMetric(telemetry, name, tags, predicate, options)
}
