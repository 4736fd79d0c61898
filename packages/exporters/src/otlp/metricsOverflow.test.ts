import { createTelemetry } from '@foundation-telemetry/core'
import { expect, it } from 'vitest'
import { toJsonMetricsRequest } from './metricsEncoding.ts'

it('marks the cardinality overflow series with the boolean attribute otel.metric.overflow', () => {
  const t = createTelemetry({ env: {} })
  const counter = t.metrics.counter('my_app.requests', { cardinalityLimit: 1 })
  counter.add(1, { user: 'a' })
  counter.add(2, { user: 'b' })
  const request = toJsonMetricsRequest(
    t.metrics.collect().filter((m) => m.name === 'my_app.requests'),
    { resource: {}, scope: { name: 'test' } },
  )
  const points = request.resourceMetrics[0]?.scopeMetrics[0]?.metrics[0]?.sum?.dataPoints ?? []
  expect(points.map((p) => p.attributes)).toContainEqual([
    { key: 'otel.metric.overflow', value: { boolValue: true } },
  ])
})
