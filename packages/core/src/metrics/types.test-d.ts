import { expectTypeOf, test } from 'vitest'
import type { MetricsEngine } from './createMetrics.ts'
import type { BoundCounter, BoundRecorder, MetricSnapshot, MetricsStats, WindowStats } from './types.ts'

declare const metrics: MetricsEngine

test('instruments, bound series and queries are typed', () => {
  expectTypeOf(metrics.counter('x').bind({ a: 1, b: true, c: null })).toEqualTypeOf<BoundCounter>()
  expectTypeOf(
    metrics.histogram('h', { buckets: [1, 2], sketch: false }).bind(),
  ).toEqualTypeOf<BoundRecorder>()
  expectTypeOf(metrics.windowStats('x', 60_000)).toEqualTypeOf<WindowStats | undefined>()
  expectTypeOf(metrics.windowRatio('a', 'b', 60_000)).toEqualTypeOf<number>()
  expectTypeOf(metrics.collect({ temporality: 'delta', reader: 'otlp' })).toEqualTypeOf<MetricSnapshot[]>()
  expectTypeOf(metrics.stats()).toEqualTypeOf<MetricsStats>()
  expectTypeOf(metrics.startRuntimeMetrics()).toEqualTypeOf<() => void>()
})

test('tag values are primitives and temporality is a closed set', () => {
  // @ts-expect-error nested objects are not tag values
  metrics.counter('x').add(1, { a: { nested: true } })
  // @ts-expect-error only cumulative or delta
  metrics.collect({ temporality: 'weekly' })
})
