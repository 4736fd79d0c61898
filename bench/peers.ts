/**
 * Peer setups shared by several cases, configured so they really do the work: an OTel MeterProvider
 * with a reader attached (without one, instruments record nothing), a prom-client registry of our
 * two-tag shape.
 */
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import { BatchSpanProcessor, type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace'

/** A pull reader: collection only when asked, so no timer runs during measurement. */
class PullReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** A MeterProvider with a {@link PullReader} attached, and a way to read back a metric's total. */
export function otelMeter(): {
  meter: ReturnType<MeterProvider['getMeter']>
  /** The sum of every data point's value of `name` (counters) or of its `count` (histograms). */
  total(name: string): Promise<number>
} {
  const reader = new PullReader()
  const provider = new MeterProvider({ readers: [reader] })
  return {
    meter: provider.getMeter('bench'),
    async total(name) {
      const { resourceMetrics } = await reader.collect()
      let sum = 0
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          if (metric.descriptor.name !== name) continue
          for (const point of metric.dataPoints) {
            const value = point.value as number | { count: number }
            sum += typeof value === 'number' ? value : value.count
          }
        }
      }
      return sum
    },
  }
}

/**
 * An OTel SDK TracerProvider with a BatchSpanProcessor whose exporter only counts, so cases compare
 * span work, not export work.
 */
export function otelBatchTracing(): { provider: TracerProvider; exported(): number } {
  let exported = 0
  const exporter = {
    export(spans: ReadableSpan[], done: (result: { code: number }) => void) {
      exported += spans.length
      done({ code: 0 })
    },
    async shutdown() {},
  }
  const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter })] })
  return { provider, exported: () => exported }
}
