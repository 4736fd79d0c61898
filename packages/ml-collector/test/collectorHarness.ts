import {
  createManualClock,
  createTelemetry,
  type MetricSnapshot,
  type ReadableSpan,
  type TelemetryError,
} from '@foundation-telemetry/core'
import { attachMlCollector } from '../src/mlCollector.ts'

/**
 * A telemetry instance on a manual clock with the ML collector attached, the spans that ended, the
 * errors reported, and `series(name, tags)`: the first collected series of `name` whose tags
 * include `tags`.
 */
export function collectorHarness(service: string) {
  const errors: TelemetryError[] = []
  const t = createTelemetry({ service, clock: createManualClock(), onError: (e) => errors.push(e) })
  const spans: ReadableSpan[] = []
  t.addSpanProcessor({
    onStart() {},
    onEnd: (span) => void spans.push(span),
    forceFlush: async () => {},
    shutdown: async () => {},
  })
  const collector = attachMlCollector(t)
  const series = (name: string, tags: Record<string, string> = {}) =>
    t.metrics
      .collect()
      .find((m: MetricSnapshot) => m.name === name)
      ?.series.find((s) => Object.entries(tags).every(([k, v]) => s.tags[k] === v))
  return { t, spans, errors, collector, series }
}
