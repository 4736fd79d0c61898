import {
  createManualClock,
  createTelemetry,
  type Measurements,
  type Metadata,
  type MetricSnapshot,
  type ReadableSpan,
  type TelemetryError,
} from '@foundation-telemetry/core'
import { attachMlCollector } from '../src/mlCollector.ts'

/** One event a {@link telemetryHarness} recorded. */
export interface RecordedEvent {
  event: string
  measurements: Measurements
  metadata: Metadata
}

/**
 * A telemetry instance on a manual clock, the spans that ended, the errors reported, and the
 * events of `recorded` (names or prefix patterns) as they were executed.
 */
export function telemetryHarness(service: string, recorded: readonly string[] = []) {
  const errors: TelemetryError[] = []
  const clock = createManualClock()
  const t = createTelemetry({ service, clock, onError: (e) => errors.push(e) })
  const spans: ReadableSpan[] = []
  t.addSpanProcessor({
    onStart() {},
    onEnd: (span) => void spans.push(span),
    forceFlush: async () => {},
    shutdown: async () => {},
  })
  const events: RecordedEvent[] = []
  if (recorded.length > 0)
    t.attach('harness.recorder', recorded, (event: string, measurements: Measurements, metadata: Metadata) =>
      events.push({ event, measurements, metadata }),
    )
  return { t, clock, spans, errors, events }
}

/**
 * A {@link telemetryHarness} with the ML collector attached, and `series(name, tags)`: the first
 * collected series of `name` whose tags include `tags`.
 */
export function collectorHarness(service: string) {
  const harness = telemetryHarness(service)
  const t = harness.t
  const collector = attachMlCollector(t)
  const series = (name: string, tags: Record<string, string> = {}) =>
    t.metrics
      .collect()
      .find((m: MetricSnapshot) => m.name === name)
      ?.series.find((s) => Object.entries(tags).every(([k, v]) => s.tags[k] === v))
  return { ...harness, collector, series }
}
