/**
 * The records the JSON-lines exporter writes, one object per line: `event`, `span` and `metric`,
 * each with a `type` and an ISO-8601 `time`, ids as lower-level hex as core holds them.
 */
import type { MetricSnapshot, ReadableSpan } from '@foundation-telemetry/core'

/** Epoch ms as ISO-8601, or `null` for a time that is not one (NaN, out of range). */
export function isoTime(ms: number): string | null {
  const date = new Date(ms)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/** A telemetry event as a `type: 'event'` record. */
export function eventRecord(
  time: number,
  name: string,
  measurements: unknown,
  metadata: unknown,
): Record<string, unknown> {
  return { type: 'event', time: isoTime(time), name, measurements, metadata }
}

/** A finished span as a `type: 'span'` record (snake_case ids, ISO times, links as id pairs). */
export function spanRecord(span: ReadableSpan): Record<string, unknown> {
  return {
    type: 'span',
    time: isoTime(span.endTime),
    name: span.name,
    kind: span.kind,
    trace_id: span.spanContext.traceId,
    span_id: span.spanContext.spanId,
    parent_span_id: span.parentSpanId ?? null,
    start_time: isoTime(span.startTime),
    end_time: isoTime(span.endTime),
    duration_ms: span.duration,
    status: span.status.message ? { code: span.status.code, message: span.status.message } : span.status,
    attributes: span.attributes,
    events: span.events.map((event) => ({
      name: event.name,
      time: isoTime(event.time),
      attributes: event.attributes,
    })),
    links: span.links.map((link) => ({ trace_id: link.context.traceId, span_id: link.context.spanId })),
    service: span.resource['service.name'] ?? null,
    scope: span.instrumentationScope.name,
  }
}

/** A metric snapshot as a `type: 'metric'` record; `time` is the collection time as ISO-8601. */
export function metricRecord(metric: MetricSnapshot, time: string | null): Record<string, unknown> {
  return {
    type: 'metric',
    time,
    name: metric.name,
    kind: metric.kind,
    unit: metric.unit,
    temporality: metric.temporality,
    series: metric.series,
  }
}
