/**
 * The metrics engine: the instrument registry behind `t.metrics`, `t.recordMetric`, collection
 * for exporters, rolling-window queries for alerting and the dashboard, and runtime metrics.
 * Core creates it lazily on first access of `t.metrics`. Each part lives in its own file; this
 * one wires them to one engine context.
 */
import type { MetricDefinition } from '@foundation-telemetry/taxonomy'
import type { Clock } from '../clock.ts'
import { type TelemetryError, TelemetryErrorCode } from '../errors.ts'
import type { Measurements, Metadata, SpanContext } from '../types.ts'
import { createCollector } from './collect.ts'
import { type AttachDefined, defineMetrics, engineDefineDeps } from './define.ts'
import { createEngineContext } from './engineContext.ts'
import { describe } from './instrument.ts'
import { createInstrumentKinds } from './instrumentKinds.ts'
import { createInstrumentRegistry } from './instrumentRegistry.ts'
import { createRecordMetric } from './recordMetric.ts'
import { createRuntimeSwitch } from './runtimeMetrics.ts'
import type {
  Counter,
  Gauge,
  Histogram,
  Metrics,
  MetricsStats,
  Summary,
  Tags,
  UpDownCounter,
  WindowStats,
} from './types.ts'
import { queryWindow } from './windowQuery.ts'

export { DEFAULT_AGE_BUCKETS, DEFAULT_SUMMARY_WINDOW } from './instrumentOptions.ts'
export { MAX_INSTRUMENTS } from './instrumentRegistry.ts'
export { inferKind, UNDECLARED_METRIC_EVENT } from './recordMetric.ts'

/** What the metrics engine needs from its telemetry instance. */
export interface MetricsDeps {
  clock: Clock
  reportError: (error: TelemetryError) => void
  /** The active sampled span context, for exemplars. */
  activeSpanContext: () => SpanContext | undefined
  /** The taxonomy's definition of a metric name, if it has one. */
  findDefinition: (name: string) => MetricDefinition | undefined
  /**
   * Attaches a durable handler to exact event names for {@link Metrics.define}; returns its
   * detach function. Without it, `define` reports that it has no bus.
   */
  attach?: (
    id: string,
    events: readonly string[],
    handler: (event: string, measurements: Measurements, metadata: Metadata) => void,
    options: AttachDefined,
  ) => () => void
  /** The unit the taxonomy gives `measurement` on `event`, if any. */
  measurementUnitOf?: (event: string, measurement: string) => string | undefined
  /** Emits runtime-metric events (`foundation.runtime.*`) and notes (`telemetry.metric.undeclared`). */
  execute: (event: string, measurements: Measurements, metadata: Metadata) => void
}

/** The engine as core sees it: the public {@link Metrics} plus what `recordMetric` and shutdown need. */
export interface MetricsEngine extends Metrics {
  /** Find or create the instrument the taxonomy describes for `name`, and record `value`. */
  record(name: string, value: number, tags?: Record<string, unknown>): void
  /** Stop runtime metrics and timers. */
  shutdown(): void
  /** Counts of instruments, series, rejected values and overflowed tag sets. */
  stats(): MetricsStats
}

/**
 * Create a metrics engine. Core calls this lazily; tests construct deps directly.
 *
 * @example
 * const metrics = createMetrics({
 *   clock: createManualClock(),
 *   reportError: (e) => console.warn(e),
 *   activeSpanContext: () => undefined,
 *   findDefinition: () => undefined,
 *   execute: () => {},
 * })
 * const requests = metrics.counter('http.requests', { windows: [60_000] })
 * requests.add(1, { method: 'GET', status: 200 })
 * metrics.windowStats('http.requests', 60_000)?.rate
 * metrics.collect({ temporality: 'delta', reader: 'otlp' })
 */
export function createMetrics(deps: MetricsDeps): MetricsEngine {
  const ctx = createEngineContext(deps.clock, deps.reportError, deps.activeSpanContext)
  const definitionOf = (name: string): MetricDefinition | undefined => {
    try {
      return deps.findDefinition(name)
    } catch {
      return undefined
    }
  }
  const execute = (event: string, measurements: Measurements, metadata: Metadata) => {
    try {
      deps.execute(event, measurements, metadata)
    } catch (error) {
      ctx.report(TelemetryErrorCode.HANDLER_FAILURE, `emitting ${event} failed: ${describe(error)}`, {
        event_name: event,
        error,
      })
    }
  }
  const registry = createInstrumentRegistry(ctx, definitionOf)
  const kinds = createInstrumentKinds(ctx, registry)
  const { counter, histogram, gauge } = kinds
  const defineDeps = engineDefineDeps({
    ctx,
    definitionOf,
    byKind: kinds.byKind,
    attach: deps.attach,
    measurementUnitOf: deps.measurementUnitOf,
  })
  const runtime = createRuntimeSwitch(ctx, { clock: ctx.clock, execute, gauge, counter, histogram })

  const windowStats = (name: string, window: number, tags?: Tags): WindowStats | undefined => {
    try {
      const inst = registry.get(name)
      return inst === undefined ? undefined : queryWindow(ctx, inst, window, tags)
    } catch (error) {
      ctx.report(
        TelemetryErrorCode.INVALID_INPUT,
        `windowStats(${String(name)}) failed: ${describe(error)}`,
        {
          error,
        },
      )
      return undefined
    }
  }

  return {
    counter: (name, options) => counter(name, options) as Counter,
    upDownCounter: (name, options) => kinds.upDownCounter(name, options) as UpDownCounter,
    gauge: (name, options) => gauge(name, options) as Gauge,
    histogram: (name, options) => histogram(name, options) as Histogram,
    summary: (name, options) => kinds.summary(name, options) as Summary,
    define: (definitions) => defineMetrics(defineDeps, definitions),
    record: createRecordMetric({ ctx, registry, kinds, definitionOf, execute }),
    collect: createCollector(ctx, registry),
    windowStats,
    windowRatio(numerator, denominator, window, tags) {
      const num = windowStats(numerator, window, tags)
      const den = windowStats(denominator, window, tags)
      if (num === undefined || den === undefined || den.sum === 0) return Number.NaN
      return num.sum / den.sum
    },
    startRuntimeMetrics: (options) => runtime.start(options),
    shutdown: () => runtime.stop(),
    stats: () => statsOf(registry.all(), registry.size, ctx.counters),
  }
}

/** Counts of instruments, series (overflow series included), rejected values and overflowed tag sets. */
function statsOf(
  instruments: Iterable<{ table: { size: number; overflowing: boolean } }>,
  count: number,
  counters: { rejected: number; overflowed: number },
): MetricsStats {
  let series = 0
  for (const inst of instruments) series += inst.table.size + (inst.table.overflowing ? 1 : 0)
  return { instruments: count, series, rejected: counters.rejected, overflowed: counters.overflowed }
}
