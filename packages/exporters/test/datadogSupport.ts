import type { MetricSnapshot } from '@foundation-telemetry/core'

/** Delta snapshots of a counter, a gauge and a histogram, collected at `T` (epoch ms). */
export function datadogSnapshots(prefix: string, T: number): MetricSnapshot[] {
  return [
    {
      name: `${prefix}foundation.registry.lookups`,
      kind: 'counter',
      unit: '1',
      description: '',
      temporality: 'delta',
      monotonic: true,
      series: [{ tags: { result: 'hit' }, startTime: T - 10_000, time: T, value: 42 }],
    },
    {
      name: `${prefix}foundation.pool.in_use`,
      kind: 'gauge',
      unit: '1',
      description: '',
      temporality: 'delta',
      monotonic: false,
      series: [{ tags: { pool: 'llm workers' }, startTime: T - 10_000, time: T, value: 3.5 }],
    },
    {
      name: `${prefix}dspex.program.duration`,
      kind: 'histogram',
      unit: 'ms',
      description: '',
      temporality: 'delta',
      monotonic: false,
      series: [
        {
          tags: {},
          startTime: T - 10_000,
          time: T,
          histogram: { bounds: [10], counts: [1, 3], sum: 80, count: 4, min: 5, max: 40 },
        },
      ],
    },
  ]
}
