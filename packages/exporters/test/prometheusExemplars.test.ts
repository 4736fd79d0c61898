/**
 * Exemplars end to end: a histogram recorded inside a sampled span carries that span's ids to the
 * OpenMetrics bucket it fell in, in base units.
 */
import { createManualClock, createTelemetry } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { createPrometheusExporter } from '../src/prometheus.ts'

describe('exemplars from the metrics engine', () => {
  it('link an OpenMetrics bucket to the span that recorded into it', async () => {
    const clock = createManualClock()
    const t = createTelemetry({ service: 'exemplars', clock, enrich: false })
    const latency = t.metrics.histogram('exemplar.latency', { unit: 'ms', buckets: [10, 100, 1000] })
    const ids = t.span('exemplar.work', {}, (span) => {
      latency.record(42)
      return span.spanContext()
    })
    const om = createPrometheusExporter({ telemetry: t, targetInfo: false }).serialize('openmetrics')
    const bucket = om.split('\n').find((line) => line.startsWith('exemplar_latency_seconds_bucket{le="0.1"}'))
    expect(bucket).toBe(
      `exemplar_latency_seconds_bucket{le="0.1"} 1 # {trace_id="${ids.traceId}",span_id="${ids.spanId}"} 0.042 ${clock.now() / 1000}`,
    )
    // The text format has no exemplars.
    const text = createPrometheusExporter({ telemetry: t, targetInfo: false }).serialize('text')
    expect(text).not.toContain('trace_id')
    await t.shutdown()
  })
})
