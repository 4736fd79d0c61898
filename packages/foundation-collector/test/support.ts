/** Shared test set-up: a telemetry with the collector attached, and metric readers. */
import {
  type Clock,
  createTelemetry,
  type ReadableSpan,
  type TelemetryError,
  type TelemetryInstance,
} from '@foundation-telemetry/core'
import { attachFoundationCollector, type FoundationCollector } from '../src/index.ts'

export interface Harness {
  t: TelemetryInstance
  collector: FoundationCollector
  errors: TelemetryError[]
  spans: ReadableSpan[]
  /** Sum of the series of `name` whose tags include `tags` (counter and gauge values). */
  value(name: string, tags?: Record<string, string>): number
  /** Recorded count of a histogram's series matching `tags`. */
  count(name: string, tags?: Record<string, string>): number
  /** Whether any series of `name` matches `tags`. */
  has(name: string, tags?: Record<string, string>): boolean
}

export function harness(
  options: Parameters<typeof attachFoundationCollector>[1] = {},
  clock?: Clock,
): Harness {
  const errors: TelemetryError[] = []
  const spans: ReadableSpan[] = []
  const t = createTelemetry({
    service: 'collector-test',
    onError: (e) => errors.push(e),
    ...(clock === undefined ? {} : { clock }),
  })
  t.addSpanProcessor({
    onStart() {},
    onEnd: (span) => {
      spans.push(span)
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  })
  const collector = attachFoundationCollector(t, options)
  const series = (name: string, tags: Record<string, string> = {}) =>
    (t.metrics.collect().find((m) => m.name === name)?.series ?? []).filter((s) =>
      Object.entries(tags).every(([k, v]) => s.tags[k] === v),
    )
  return {
    t,
    collector,
    errors,
    spans,
    value: (name, tags) => series(name, tags).reduce((sum, s) => sum + (s.value ?? 0), 0),
    count: (name, tags) => series(name, tags).reduce((sum, s) => sum + (s.histogram?.count ?? 0), 0),
    has: (name, tags) => series(name, tags).length > 0,
  }
}
