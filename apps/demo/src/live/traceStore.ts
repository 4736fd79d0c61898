/**
 * The recent traces the dashboard lists: a span processor and a log processor that keep the last
 * few traces whole (spans with their parents, and the log lines written inside them), bounded in
 * traces, spans per trace and lines per trace.
 */
import type { LogProcessor, LogRecord, ReadableSpan, SpanProcessor } from '@foundation-telemetry/core'

/** One span of a stored trace. */
export interface StoredSpan {
  name: string
  spanId: string
  parentSpanId?: string
  /** Epoch ms. */
  start: number
  end: number
  error: boolean
}

/** One log line of a stored trace. */
export interface StoredLog {
  time: number
  severity: string
  body: string
  spanId?: string
  correlationId?: string
}

/** One stored trace. */
export interface StoredTrace {
  traceId: string
  /** The root span's name once it ended, else the first span's. */
  name: string
  start: number
  end: number
  spans: StoredSpan[]
  logs: StoredLog[]
}

/** Limits of a {@link TraceStore}. */
export interface TraceStoreOptions {
  /** Traces kept; the oldest goes first. Defaults to 50. */
  traces?: number
  /** Spans kept per trace. Defaults to 200. */
  spansPerTrace?: number
  /** Log lines kept per trace. Defaults to 100. */
  logsPerTrace?: number
}

/** The store, and the processors that fill it. */
export interface TraceStore {
  readonly spanProcessor: SpanProcessor
  readonly logProcessor: LogProcessor
  /** Recent traces, newest first. */
  traces(): StoredTrace[]
}

/** Create a trace store. */
export function createTraceStore(options: TraceStoreOptions = {}): TraceStore {
  const maxTraces = options.traces ?? 50
  const maxSpans = options.spansPerTrace ?? 200
  const maxLogs = options.logsPerTrace ?? 100
  // Insertion order is age order: re-inserting a trace on each new span keeps busy ones.
  const traces = new Map<string, StoredTrace>()

  const traceOf = (traceId: string, name: string, time: number): StoredTrace => {
    let trace = traces.get(traceId)
    if (trace === undefined) {
      trace = { traceId, name, start: time, end: time, spans: [], logs: [] }
      traces.set(traceId, trace)
      if (traces.size > maxTraces) traces.delete(traces.keys().next().value as string)
    }
    return trace
  }

  return {
    spanProcessor: {
      onStart() {},
      onEnd(span: ReadableSpan) {
        const { traceId, spanId } = span.spanContext
        const trace = traceOf(traceId, span.name, span.startTime)
        if (trace.spans.length >= maxSpans) return
        const stored: StoredSpan = {
          name: span.name,
          spanId,
          start: span.startTime,
          end: span.endTime,
          error: span.status.code === 2,
        }
        if (span.parentSpanId !== undefined) stored.parentSpanId = span.parentSpanId
        else trace.name = span.name
        trace.spans.push(stored)
        trace.start = Math.min(trace.start, span.startTime)
        trace.end = Math.max(trace.end, span.endTime)
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    },
    logProcessor: {
      onEmit(record: LogRecord) {
        if (record.traceId === undefined) return
        const trace = traceOf(record.traceId, String(record.body), record.time)
        if (trace.logs.length >= maxLogs) return
        const line: StoredLog = {
          time: record.time,
          severity: record.severityText,
          body: typeof record.body === 'string' ? record.body : JSON.stringify(record.body),
        }
        if (record.spanId !== undefined) line.spanId = record.spanId
        const correlation = record.attributes.correlation_id
        if (typeof correlation === 'string') line.correlationId = correlation
        trace.logs.push(line)
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    },
    traces: () => [...traces.values()].reverse(),
  }
}
