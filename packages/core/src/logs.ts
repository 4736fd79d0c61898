/**
 * Log records tied to traces: `t.log(level, message, attributes)` and the log bridges make one
 * {@link LogRecord} each, stamped with the active trace and span ids and the correlation ID, and
 * hand it to every log processor (the OTLP logs exporter is one). Severities follow the
 * OpenTelemetry logs data model.
 */
import type { Clock } from './clock.ts'
import { CORRELATION_KEY, currentCorrelationId } from './correlation.ts'
import { invalidInput, type TelemetryError } from './errors.ts'
import { LogProcessors } from './logProcessors.ts'
import { formatTraceFlags } from './traceparent.ts'
import type { Attributes, AttributeValue, SpanContext } from './types.ts'

/** Log levels, lowest first. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'

/** The first severity number of each level's range (TRACE 1-4 ... FATAL 21-24). */
export const SeverityNumber: Readonly<Record<LogLevel, number>> = {
  trace: 1,
  debug: 5,
  info: 9,
  warn: 13,
  error: 17,
  fatal: 21,
}

/** The level of an OpenTelemetry severity number (1..24); 0 (unspecified) reads as `info`. */
export function levelOfSeverity(severity: number): LogLevel {
  try {
    return levelOfSeverityUnguarded(severity)
  } catch {
    // Not the data this helper takes (or data whose fields throw): a neutral result, never an exception.
    return 'info'
  }
}

function levelOfSeverityUnguarded(severity: number): LogLevel {
  if (severity >= 21) return 'fatal'
  if (severity >= 17) return 'error'
  if (severity >= 13) return 'warn'
  if (severity >= 9 || severity < 1) return 'info'
  if (severity >= 5) return 'debug'
  return 'trace'
}

/** One log record, as the OpenTelemetry logs data model describes it. */
export interface LogRecord {
  /** Epoch milliseconds (float) when the event happened. */
  readonly time: number
  /** Epoch milliseconds (float) when telemetry saw it. */
  readonly observedTime: number
  readonly severityNumber: number
  readonly severityText: string
  /** The message, or a structured body. */
  readonly body: AttributeValue | Readonly<Record<string, unknown>>
  readonly attributes: Readonly<Attributes>
  /** Present when the record was written inside a span. */
  readonly traceId?: string
  readonly spanId?: string
  readonly traceFlags?: number
  readonly resource: Readonly<Attributes>
  readonly instrumentationScope: { name: string; version?: string }
}

/** What a log bridge hands over; the rest is filled in. */
export interface LogInput {
  severityNumber?: number
  severityText?: string
  body: AttributeValue | Readonly<Record<string, unknown>>
  attributes?: Attributes
  /** Epoch ms. Defaults to now. */
  time?: number
  /** The bridge's name, e.g. `pino`. Defaults to `@foundation-telemetry/core`. */
  scope?: string
}

/** Receives every log record: exporters plug in here. */
export interface LogProcessor {
  onEmit(record: LogRecord): void
  forceFlush(): Promise<void>
  shutdown(): Promise<void>
}

/** The trace fields of the current context, as log bridges write them into their own records. */
export interface TraceFields {
  trace_id?: string
  span_id?: string
  trace_flags?: string
  correlation_id?: string
}

/** The log pipeline of one telemetry instance. */
export interface LogPipeline {
  log(level: LogLevel, message: string, attributes?: Attributes): void
  emit(input: LogInput): void
  addProcessor(processor: LogProcessor): () => void
  /** Trace ids and correlation ID of the current context, for bridges that enrich their own records. */
  traceFields(): TraceFields
  forceFlush(): Promise<void>
  shutdown(): Promise<void>
}

const CORE_SCOPE = { name: '@foundation-telemetry/core' }
/** Scope objects a pipeline keeps, so the records of one bridge share one; past this, each record gets its own. */
const MAX_SCOPES = 64

/** What a pipeline stamps on each record besides the input: the time, the resource, the active span. */
export interface LogRecordSources {
  clock: Clock
  resource: Readonly<Attributes>
  activeSpanContext: () => SpanContext | undefined
}

/** Create the log pipeline of a telemetry instance. */
export function createLogPipeline(
  deps: LogRecordSources & { report: (error: TelemetryError) => void },
): LogPipeline {
  const processors = new LogProcessors(deps.report)
  const scopes = new Map<string, { name: string }>()

  function emit(input: LogInput): void {
    if (processors.list.length === 0) return
    try {
      processors.deliver(buildLogRecord(input, deps, scopes))
    } catch (error) {
      deps.report(
        invalidInput('log record could not be read', {
          api: 'log',
          error,
        }),
      )
    }
  }

  return {
    log(level, message, attributes) {
      try {
        emit(logInputOf(level, message, attributes, deps.report))
      } catch (error) {
        // A level or message whose conversion throws (a hostile object): reported, never thrown.
        deps.report(
          invalidInput('log: arguments could not be read', {
            api: 'log',
            error,
          }),
        )
      }
    },
    emit,
    addProcessor: (processor) => processors.add(processor),
    traceFields: () => traceFieldsOf(deps.activeSpanContext(), currentCorrelationId()),
    forceFlush: () => processors.settleAll((p) => p.forceFlush()),
    shutdown: () => processors.settleAll((p) => p.shutdown()),
  }
}

/**
 * The input of `t.log(level, message, attributes)`: an unknown level is reported and logged as
 * `info`. Throws when the message cannot be converted to a string (the caller reports it).
 */
export function logInputOf(
  level: LogLevel,
  message: string,
  attributes: Attributes | undefined,
  report: (error: TelemetryError) => void,
): LogInput {
  const severity = SeverityNumber[level]
  if (severity === undefined) {
    report(
      invalidInput(`log: unknown level ${String(level)}`, {
        api: 'log',
      }),
    )
  }
  return {
    severityNumber: severity ?? SeverityNumber.info,
    severityText: (severity === undefined ? 'info' : level).toUpperCase(),
    body: typeof message === 'string' ? message : String(message),
    ...(attributes === undefined ? {} : { attributes }),
  }
}

/**
 * The record for `input`: stamped with the time, the correlation ID (unless the attributes carry
 * one), the active span's ids, the resource and the scope. Throws when the input cannot be read.
 */
export function buildLogRecord(
  input: LogInput,
  sources: LogRecordSources,
  scopes: Map<string, { name: string }>,
): LogRecord {
  const now = sources.clock.now()
  const severityNumber =
    typeof input.severityNumber === 'number' && input.severityNumber >= 0 && input.severityNumber <= 24
      ? Math.trunc(input.severityNumber)
      : SeverityNumber.info
  const attributes: Attributes = { ...input.attributes }
  const correlation = currentCorrelationId()
  if (correlation !== undefined && attributes[CORRELATION_KEY] === undefined)
    attributes[CORRELATION_KEY] = correlation
  const context = sources.activeSpanContext()
  const scope = internScope(scopes, input.scope ?? CORE_SCOPE.name)
  return {
    time: typeof input.time === 'number' && Number.isFinite(input.time) ? input.time : now,
    observedTime: now,
    severityNumber,
    severityText: input.severityText ?? levelOfSeverity(severityNumber).toUpperCase(),
    body: input.body,
    attributes,
    ...(context === undefined
      ? {}
      : { traceId: context.traceId, spanId: context.spanId, traceFlags: context.traceFlags }),
    resource: sources.resource,
    instrumentationScope: scope,
  }
}

/** The scope object named `name`: the one in `scopes`, or a new one kept there while there is room. */
export function internScope(scopes: Map<string, { name: string }>, name: string): { name: string } {
  let scope = scopes.get(name)
  if (scope === undefined) {
    scope = { name }
    if (scopes.size < MAX_SCOPES) scopes.set(name, scope)
  }
  return scope
}

/** The trace fields of `context` and `correlation`, as log bridges write them; absent ones left out. */
export function traceFieldsOf(
  context: SpanContext | undefined,
  correlation: string | undefined,
): TraceFields {
  const fields: TraceFields = {}
  if (context !== undefined) {
    fields.trace_id = context.traceId
    fields.span_id = context.spanId
    fields.trace_flags = formatTraceFlags(context.traceFlags)
  }
  if (correlation !== undefined) fields.correlation_id = correlation
  return fields
}
