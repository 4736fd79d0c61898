/**
 * Telemetry's own health counters, recorded by the error reporter for every problem it absorbs:
 * `telemetry.handler.failures` (tags `handler_id`, `durable`), `telemetry.data.dropped` (`reason`,
 * `source`; by the number of items when the report says how many) and `telemetry.input.invalid`
 * (`code`, `api`). Export and scrape health is recorded by the exporters themselves.
 */
import { type TelemetryError, TelemetryErrorCode } from './errors.ts'
import type { Metrics, Tags } from './metrics/types.ts'

const HANDLER_FAILURES = 'telemetry.handler.failures'
const DATA_DROPPED = 'telemetry.data.dropped'
const INPUT_INVALID = 'telemetry.input.invalid'

function tag(value: unknown): string | number | boolean | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? value
    : undefined
}

/** The counter, value and tags an absorbed problem adds to, or `undefined` for none. */
export function selfMetricOf(error: TelemetryError): { name: string; value: number; tags: Tags } | undefined {
  const details = (error.details ?? {}) as Record<string, unknown>
  switch (error.code) {
    case TelemetryErrorCode.HANDLER_FAILURE:
      return {
        name: HANDLER_FAILURES,
        value: 1,
        tags: { handler_id: tag(details.handler_id), durable: details.durable === true },
      }
    case TelemetryErrorCode.DATA_DROPPED: {
      const count = details.count
      return {
        name: DATA_DROPPED,
        value: typeof count === 'number' && Number.isFinite(count) && count > 0 ? count : 1,
        tags: { reason: tag(details.reason) ?? error.message, source: tag(details.source) ?? 'unknown' },
      }
    }
    case TelemetryErrorCode.INVALID_INPUT:
    case TelemetryErrorCode.INVALID_CONTEXT:
      return { name: INPUT_INVALID, value: 1, tags: { code: error.code, api: tag(details.api) ?? 'unknown' } }
    default:
      return undefined
  }
}

/**
 * A recorder for the reporter. A problem met while recording (a cardinality limit, say) is
 * reported like any other, but not recorded again, so the two cannot loop.
 */
export function createSelfMetrics(metrics: () => Pick<Metrics, 'counter'>): (error: TelemetryError) => void {
  let recording = false
  return (error) => {
    if (recording) return
    const metric = selfMetricOf(error)
    if (metric === undefined) return
    recording = true
    try {
      metrics().counter(metric.name).add(metric.value, metric.tags)
    } catch {
      // Counting a problem must never become one.
    } finally {
      recording = false
    }
  }
}
