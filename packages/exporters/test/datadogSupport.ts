import type { MetricSnapshot } from '@foundation-telemetry/core'
import { durationHistogram, series, snapshot } from './metricSnapshots.ts'

/** Delta snapshots of a counter, a gauge and a histogram, collected at `T` (epoch ms). */
export function datadogSnapshots(prefix: string, T: number): MetricSnapshot[] {
  const interval = { startTime: T - 10_000, time: T }
  return [
    snapshot({
      name: `${prefix}foundation.registry.lookups`,
      kind: 'counter',
      series: [series({ result: 'hit' }, { ...interval, value: 42 })],
    }),
    snapshot({
      name: `${prefix}foundation.pool.in_use`,
      kind: 'gauge',
      series: [series({ pool: 'llm workers' }, { ...interval, value: 3.5 })],
    }),
    durationHistogram(
      `${prefix}dspex.program.duration`,
      { bounds: [10], counts: [1, 3], sum: 80, count: 4, min: 5, max: 40 },
      interval,
    ),
  ]
}
