/**
 * Protobuf field numbers of the OTLP messages we write and read, one object per message, named
 * as in the `opentelemetry-proto` `.proto` files (lowerCamelCase), so an encoder reads
 * `sink.begin(SpanField.events)` rather than `sink.begin(11)`. The numbers are the wire format:
 * they never change once published.
 */

/** `Export{Trace,Metrics,Logs}ServiceRequest`: the repeated resource groups. */
export const ExportRequestField = { resourceGroups: 1 } as const

/** `ResourceSpans`, `ResourceMetrics`, `ResourceLogs`. */
export const ResourceGroupField = { resource: 1, scopeGroups: 2 } as const

/** `opentelemetry.proto.resource.v1.Resource`. */
export const ResourceField = { attributes: 1 } as const

/** `ScopeSpans`, `ScopeMetrics`, `ScopeLogs`: the scope and its spans, metrics or log records. */
export const ScopeGroupField = { scope: 1, items: 2 } as const

/** `opentelemetry.proto.common.v1.InstrumentationScope`. */
export const InstrumentationScopeField = { name: 1, version: 2 } as const

/** `opentelemetry.proto.common.v1.KeyValue`. */
export const KeyValueField = { key: 1, value: 2 } as const

/** `opentelemetry.proto.common.v1.AnyValue` (a `oneof`). */
export const AnyValueField = {
  stringValue: 1,
  boolValue: 2,
  intValue: 3,
  doubleValue: 4,
  arrayValue: 5,
  kvlistValue: 6,
} as const

/** `ArrayValue` and `KeyValueList`. */
export const ValueListField = { values: 1 } as const

/** `opentelemetry.proto.trace.v1.Span`. */
export const SpanField = {
  traceId: 1,
  spanId: 2,
  traceState: 3,
  parentSpanId: 4,
  name: 5,
  kind: 6,
  startTimeUnixNano: 7,
  endTimeUnixNano: 8,
  attributes: 9,
  droppedAttributesCount: 10,
  events: 11,
  droppedEventsCount: 12,
  links: 13,
  droppedLinksCount: 14,
  status: 15,
  flags: 16,
} as const

/** `Span.Event`. */
export const SpanEventField = { timeUnixNano: 1, name: 2, attributes: 3 } as const

/** `Span.Link`. */
export const SpanLinkField = { traceId: 1, spanId: 2, traceState: 3, attributes: 4, flags: 6 } as const

/** `opentelemetry.proto.trace.v1.Status`. */
export const StatusField = { message: 2, code: 3 } as const

/** `opentelemetry.proto.logs.v1.LogRecord`. */
export const LogRecordField = {
  timeUnixNano: 1,
  severityNumber: 2,
  severityText: 3,
  body: 5,
  attributes: 6,
  flags: 8,
  traceId: 9,
  spanId: 10,
  observedTimeUnixNano: 11,
} as const

/** `opentelemetry.proto.metrics.v1.Metric` (its data is a `oneof`). */
export const MetricField = {
  name: 1,
  description: 2,
  unit: 3,
  gauge: 5,
  sum: 7,
  histogram: 9,
  summary: 11,
} as const

/** `Gauge`, `Sum`, `Histogram`, `Summary`: data points, and for sums and histograms the temporality. */
export const MetricDataField = { dataPoints: 1, aggregationTemporality: 2, isMonotonic: 3 } as const

/** `NumberDataPoint`. */
export const NumberDataPointField = {
  startTimeUnixNano: 2,
  timeUnixNano: 3,
  asDouble: 4,
  exemplars: 5,
  attributes: 7,
} as const

/** `HistogramDataPoint`. */
export const HistogramDataPointField = {
  startTimeUnixNano: 2,
  timeUnixNano: 3,
  count: 4,
  sum: 5,
  bucketCounts: 6,
  explicitBounds: 7,
  exemplars: 8,
  attributes: 9,
  min: 11,
  max: 12,
} as const

/** `SummaryDataPoint`. */
export const SummaryDataPointField = {
  startTimeUnixNano: 2,
  timeUnixNano: 3,
  count: 4,
  sum: 5,
  quantileValues: 6,
  attributes: 7,
} as const

/** `SummaryDataPoint.ValueAtQuantile`. */
export const ValueAtQuantileField = { quantile: 1, value: 2 } as const

/** `Exemplar`. */
export const ExemplarField = { timeUnixNano: 2, asDouble: 3, spanId: 4, traceId: 5 } as const

/** `Export*PartialSuccess` inside `Export*ServiceResponse` (field 1). */
export const PartialSuccessField = { partialSuccess: 1, rejected: 1, errorMessage: 2 } as const

/** `Span.SpanKind`: OTLP reserves 0 for unspecified. */
export const OtlpSpanKind = { unspecified: 0 } as const

/** W3C trace flags live in the low byte of OTLP span, link and log record flags. */
export const W3C_TRACE_FLAGS = 0xff

/** Protobuf wire types. */
export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const
