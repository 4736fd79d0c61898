import type { MetricSnapshot, WindowStats } from '@foundation-telemetry/core'

/**
 * A stand-in for core's metrics engine that serves exactly the snapshots and window statistics a
 * test sets, including a failing `collect`, so every branch of `readMetric` is reachable.
 * test/coreMetrics.test.ts runs the same waits against the real engine.
 */
export function createMetricsDouble() {
  let snapshots: MetricSnapshot[] = []
  const windows = new Map<string, WindowStats>()
  return {
    metrics: {
      collect: () => snapshots,
      windowStats: (name: string, window: number) => windows.get(`${name}/${window}`),
    },
    setCounter(name: string, series: Array<{ tags: Record<string, string>; value: number }>) {
      snapshots = snapshots.filter((s) => s.name !== name)
      snapshots.push({
        name,
        kind: 'counter',
        unit: '1',
        description: name,
        temporality: 'cumulative',
        monotonic: true,
        series: series.map((s) => ({ ...s, startTime: 0, time: 0 })),
      })
    },
    setHistogram(name: string, tags: Record<string, string>, values: number[]) {
      snapshots = snapshots.filter((s) => s.name !== name)
      const sum = values.reduce((a, b) => a + b, 0)
      snapshots.push({
        name,
        kind: 'histogram',
        unit: 'ms',
        description: name,
        temporality: 'cumulative',
        monotonic: false,
        series: [
          {
            tags,
            startTime: 0,
            time: 0,
            histogram: {
              bounds: [],
              counts: [values.length],
              sum,
              count: values.length,
              min: Math.min(...values),
              max: Math.max(...values),
            },
          },
        ],
      })
    },
    setWindow(name: string, window: number, values: number[]) {
      const sorted = [...values].sort((a, b) => a - b)
      const sum = values.reduce((a, b) => a + b, 0)
      windows.set(`${name}/${window}`, {
        rate: values.length / (window / 1000),
        sum,
        count: values.length,
        mean: sum / values.length,
        min: sorted[0] ?? Number.NaN,
        max: sorted[sorted.length - 1] ?? Number.NaN,
        quantile: (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN,
      })
    },
    failNextCollect() {
      const original = snapshots
      snapshots = new Proxy(original, {
        get() {
          throw new Error('engine down')
        },
      })
    },
  }
}
