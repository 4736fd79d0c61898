/**
 * `@foundation-telemetry/core`: the event bus with `:telemetry` semantics, spans with W3C trace
 * context and OpenTelemetry interop, enrichment, redaction, and the metrics seam.
 *
 * @example
 * ```ts
 * import { createTelemetry } from '@foundation-telemetry/core'
 *
 * const t = createTelemetry({ service: 'checkout' })
 * t.attach('log', 'foundation.circuit_breaker.*', (event, measurements, metadata) => console.log(event, metadata))
 * await t.span('dspex.program.execution', { program_id: 'qa' }, async () => runProgram())
 * ```
 */

// Instances

export type { CreateTelemetryOptions, TelemetryInstance } from './telemetry.ts'
export { createTelemetry, telemetry } from './telemetry.ts'

// Declarative metrics

export { outcomeOf, outcomeReader } from './metrics/define.ts'
export type { AttachTaxonomyMetricsOptions, TelemetryWithMetrics } from './taxonomyMetrics.ts'
export { attachTaxonomyMetrics, taxonomyMetricSpec } from './taxonomyMetrics.ts'

// Bus, spans and context types

export { isSampled } from './spanContext.ts'
export type {
  AttachOptions,
  Attributes,
  AttributeValue,
  Carrier,
  EventSampler,
  EventSamplerLink,
  Handler,
  HandlerInfo,
  Measurements,
  Metadata,
  ReadableSpan,
  RedactOptions,
  Span,
  SpanContext,
  SpanEvent,
  SpanLink,
  SpanOptions,
  SpanProcessor,
  SpanSampler,
  SpanStatus,
  StartSpanOptions,
  Telemetry,
  TelemetryEvent,
  TelemetryOptions,
  TelemetryStats,
} from './types.ts'
export { SpanKind, SpanStatusCode, TraceFlags } from './types.ts'

// Trace context helpers

export { bindContext } from './context.ts'
export { isValidSpanId, isValidTraceId, newSpanId, newTraceId } from './ids.ts'
export { formatTraceparent, parseTraceparent, parseTracestate } from './traceparent.ts'

// Logs and correlation IDs

export {
  acceptCorrelationId,
  CORRELATION_HEADER,
  CORRELATION_KEY,
  currentCorrelationId,
  newCorrelationId,
} from './correlation.ts'
export type { LogInput, LogLevel, LogProcessor, LogRecord, TraceFields } from './logs.ts'
export { levelOfSeverity, SeverityNumber } from './logs.ts'
// OpenTelemetry SDK pipelines: our spans into your span processors, our metrics into your readers

export type {
  OtelCollectionResult,
  OtelHistogramValue,
  OtelMetricData,
  OtelMetricProducer,
  OtelMetricProducerOptions,
} from './otelMetricProducer.ts'
export { createOtelMetricProducer, toOtelMetricData } from './otelMetricProducer.ts'
export type { OtelResource } from './otelResource.ts'
export type {
  OtelReadableSpan,
  OtelSpanBridgeOptions,
  OtelSpanExporterLike,
  OtelSpanProcessorLike,
} from './otelSpanExport.ts'
export { createOtelSpanBridge, toOtelReadableSpan } from './otelSpanExport.ts'

// Redaction

export type { Redactor } from './redaction.ts'
export { BUILTIN_PATTERNS, createRedactor, DEFAULT_REDACT_KEYS } from './redaction.ts'

// Errors

export { BoundedCache } from './boundedCache.ts'
export { CodedError, safeText } from './codedError.ts'
export { detachOnce } from './detachOnce.ts'
export type { ErrorDetails } from './errorDetails.ts'
export { describeError } from './errorDetails.ts'
export { errorEventNames } from './errorReporter.ts'
export {
  dataDropped,
  exportFailure,
  handlerFailure,
  invalidContext,
  invalidInput,
  TelemetryError,
  TelemetryErrorCode,
} from './errors.ts'
export { positiveOption, readOptions, reportAttachFailure } from './hostileInput.ts'
export type { ReadOptionKeys } from './readOptionKeys.ts'
export { readOptionKeys } from './readOptionKeys.ts'
export { parseRetryAfter } from './retryAfter.ts'
export { attributesFrom } from './span.ts'
export { addExceptionKeys, failSpan } from './spanFailure.ts'
export { type CallOutcome, dropRejection, isThenable, settleWith } from './thenable.ts'
export { addTraceIds } from './traceIds.ts'

// Time

export type { Clock, ClockTimer } from './clock.ts'
export { systemClock } from './clock.ts'
export type { ManualClock } from './manualClock.ts'
export { createManualClock } from './manualClock.ts'

// Metrics

export { sharedGauges } from './metrics/sharedGauges.ts'
export type { SketchOptions } from './metrics/sketch.ts'
export { Sketch } from './metrics/sketch.ts'
export type {
  BoundCounter,
  BoundGauge,
  BoundRecorder,
  CollectOptions,
  Counter,
  DefinedMetrics,
  Exemplar,
  Gauge,
  GaugeOptions,
  Histogram,
  HistogramData,
  HistogramOptions,
  InstrumentKind,
  InstrumentOptions,
  MetricSnapshot,
  MetricSpec,
  Metrics,
  MetricsStats,
  RollingWindowOptions,
  SeriesSnapshot,
  Summary,
  SummaryData,
  SummaryOptions,
  Tags,
  TagValue,
  Unit,
  UpDownCounter,
  WindowStats,
} from './metrics/types.ts'
