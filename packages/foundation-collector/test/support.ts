/**
 * Shared test set-up: a telemetry with the collector attached, one with the queue metrics, and
 * metric readers.
 */
import {
  attachTaxonomyMetrics,
  type Clock,
  createTelemetry,
  type ReadableSpan,
  type SeriesSnapshot,
  type TelemetryError,
  type TelemetryInstance,
} from '@foundation-telemetry/core'
import { attachFoundationCollector, type FoundationCollector } from '../src/index.ts'

/** Every span `t` ends from now on, in the order they end. */
export function recordSpans(t: TelemetryInstance): ReadableSpan[] {
  const spans: ReadableSpan[] = []
  t.addSpanProcessor({
    onStart() {},
    onEnd: (span) => {
      spans.push(span)
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  })
  return spans
}

/** The series of metric `name` as `t` collects them now (none while it has no such metric). */
export function seriesOf(t: TelemetryInstance, name: string): readonly SeriesSnapshot[] {
  return t.metrics.collect().find((m) => m.name === name)?.series ?? []
}

/** A telemetry of service `mailer` recording its spans and the foundation layer's taxonomy metrics. */
export function queueHarness(clock?: Clock): { t: TelemetryInstance; spans: ReadableSpan[] } {
  const t = createTelemetry({ service: 'mailer', ...(clock === undefined ? {} : { clock }) })
  const spans = recordSpans(t)
  attachTaxonomyMetrics(t, { layers: ['foundation'] })
  return { t, spans }
}

/** The queue metrics as the queue tests compare them: published, consumed by outcome, waits. */
export function queueReadings(t: TelemetryInstance) {
  const wait = seriesOf(t, 'foundation.queue.wait_duration')[0]?.histogram
  return {
    published: seriesOf(t, 'foundation.queue.published').map((s) => ({ tags: s.tags, value: s.value })),
    consumed: Object.fromEntries(
      seriesOf(t, 'foundation.queue.consumed').map((s) => [s.tags.outcome, s.value]),
    ),
    wait: wait && { count: wait.count, sum: wait.sum },
  }
}

/** `name{key=value,...}` as the name and its tags. */
function parseSelector(selector: string): [string, Record<string, string>] {
  const open = selector.indexOf('{')
  if (open < 0) return [selector, {}]
  const pairs = selector.slice(open + 1, -1).split(',')
  return [selector.slice(0, open), Object.fromEntries(pairs.map((pair) => pair.split('=', 2)))]
}

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
  /**
   * The reading now of each selector in `expected` (`name` or `name{key=value,...}`): the sum of
   * the matching series' values, or of their counts for a histogram. Compare the result with
   * `expected` to see every mismatch at once.
   */
  read(expected: Readonly<Record<string, number>>): Record<string, number>
}

export function harness(
  options: Parameters<typeof attachFoundationCollector>[1] = {},
  clock?: Clock,
): Harness {
  const errors: TelemetryError[] = []
  const t = createTelemetry({
    service: 'collector-test',
    onError: (e) => errors.push(e),
    ...(clock === undefined ? {} : { clock }),
  })
  const spans = recordSpans(t)
  const collector = attachFoundationCollector(t, options)
  const series = (name: string, tags: Record<string, string> = {}) =>
    seriesOf(t, name).filter((s) => Object.entries(tags).every(([k, v]) => s.tags[k] === v))
  const value = (name: string, tags?: Record<string, string>) =>
    series(name, tags).reduce((sum, s) => sum + (s.value ?? 0), 0)
  const count = (name: string, tags?: Record<string, string>) =>
    series(name, tags).reduce((sum, s) => sum + (s.histogram?.count ?? 0), 0)
  return {
    t,
    collector,
    errors,
    spans,
    value,
    count,
    has: (name, tags) => series(name, tags).length > 0,
    read: (expected) =>
      Object.fromEntries(
        Object.keys(expected).map((selector) => {
          const [name, tags] = parseSelector(selector)
          const histogram = seriesOf(t, name).some((s) => s.histogram !== undefined)
          return [selector, histogram ? count(name, tags) : value(name, tags)]
        }),
      ),
  }
}
