/**
 * The metrics engine: the instrument registry behind `t.metrics`, `t.recordMetric`, collection
 * for exporters, rolling-window queries for alerting and the dashboard, and runtime metrics.
 * Core creates it lazily on first access of `t.metrics`.
 */
import type { MetricDefinition } from '@foundation-telemetry/taxonomy'
import type { Clock } from '../clock.ts'
import { type TelemetryError, TelemetryErrorCode } from '../errors.ts'
import type { Measurements, Metadata, SpanContext } from '../types.ts'
import { type AnyInstrument, collectInstrument, createReaderState, type ReaderState } from './collect.ts'
import { CounterInstrument, UpDownCounterInstrument } from './counter.ts'
import { defaultBuckets, validBuckets } from './defaultBuckets.ts'
import { defineMetrics } from './define.ts'
import { createEngineContext } from './engineContext.ts'
import { GaugeInstrument } from './gauge.ts'
import { HistogramInstrument } from './histogram.ts'
import { describe, type InstrumentConfig } from './instrument.ts'
import { invalidOption, optionsObject, quantilesOption, resolveConfig } from './instrumentOptions.ts'
import { DEFAULT_RUNTIME_INTERVAL, startRuntimeMetrics } from './runtimeMetrics.ts'
import { SummaryInstrument } from './summary.ts'
import type {
  CollectOptions,
  Counter,
  Gauge,
  GaugeOptions,
  Histogram,
  HistogramOptions,
  InstrumentKind,
  InstrumentOptions,
  MetricSnapshot,
  Metrics,
  MetricsStats,
  Summary,
  SummaryOptions,
  Tags,
  UpDownCounter,
  WindowStats,
} from './types.ts'
import { queryWindow } from './windowQuery.ts'

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

/** Instruments per engine; past it new names are reported and not registered. */
export const MAX_INSTRUMENTS = 10_000
/** Sliding window of summaries unless told otherwise: 10 min. */
export const DEFAULT_SUMMARY_WINDOW = 600_000
/** Sub-windows a summary window rotates through unless told otherwise. */
export const DEFAULT_AGE_BUCKETS = 5
/** The event noting that `recordMetric` met a name the taxonomy does not define (once per name). */
export const UNDECLARED_METRIC_EVENT = 'telemetry.metric.undeclared'

const DURATION_SUFFIX = /(?:^|_)(?:duration|latency|time)$/

/**
 * The instrument kind `recordMetric` creates for a name the taxonomy does not define: a
 * histogram (unit `ms`) when its last segment ends in `duration`, `latency` or `time`
 * (`dispatch_duration`, `response_time`), a counter otherwise.
 */
export function inferKind(name: string): 'histogram' | 'counter' {
  const segment = name.slice(name.lastIndexOf('.') + 1)
  return DURATION_SUFFIX.test(segment) ? 'histogram' : 'counter'
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
  const instruments = new Map<string, AnyInstrument>()
  const readers = new Map<string, ReaderState>()
  let stopRuntime: (() => void) | undefined
  // One report per episode of the instrument limit (re-armed by each collection), as the
  // cardinality limit does: a flood of new names must not flood the error hook too.
  let limitNoticed = false
  const noticeLimit = (name: string) => {
    if (limitNoticed) return
    limitNoticed = true
    report(
      TelemetryErrorCode.DATA_DROPPED,
      `more than ${MAX_INSTRUMENTS} metrics; ${name} and further new names are not registered`,
      { metric: name, limit: MAX_INSTRUMENTS, reason: 'instrument_limit' },
    )
  }

  const report = (code: TelemetryErrorCode, message: string, details: Record<string, unknown>) =>
    ctx.report(code, message, details)

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
      report(TelemetryErrorCode.HANDLER_FAILURE, `emitting ${event} failed: ${describe(error)}`, {
        event_name: event,
        error,
      })
    }
  }

  /** Get the registered instrument of `kind`, or build, register and return a new one. */
  function instrument<TInstrument extends AnyInstrument>(
    kind: InstrumentKind,
    rawName: unknown,
    rawOptions: unknown,
    build: (config: InstrumentConfig, options: Record<string, unknown>) => TInstrument,
  ): TInstrument {
    try {
      return registered(kind, rawName, rawOptions, build)
    } catch (error) {
      // A hostile name or options object (a throwing Proxy, getter or toString): an unregistered
      // instrument with default options, so the caller's next call works and nothing is thrown.
      const name = describe(rawName)
      report(TelemetryErrorCode.INVALID_INPUT, `metric ${name}: name or options could not be read`, {
        metric: name,
        error,
      })
      return build(resolveConfig(ctx, name, {}, undefined), {})
    }
  }

  function registered<TInstrument extends AnyInstrument>(
    kind: InstrumentKind,
    rawName: unknown,
    rawOptions: unknown,
    build: (config: InstrumentConfig, options: Record<string, unknown>) => TInstrument,
  ): TInstrument {
    const options = optionsObject(ctx, rawOptions, rawName)
    const valid = typeof rawName === 'string' && rawName.length > 0
    const name = valid ? rawName : String(rawName)
    if (!valid) {
      report(
        TelemetryErrorCode.INVALID_INPUT,
        `metric name must be a non-empty string, got ${describe(rawName)}`,
        {
          metric: name,
        },
      )
      return build(resolveConfig(ctx, name, options, undefined), options)
    }
    const existing = instruments.get(name)
    if (existing !== undefined) {
      if (existing.kind === kind) return existing as TInstrument
      report(
        TelemetryErrorCode.INVALID_INPUT,
        `metric ${name} is already a ${existing.kind}; this ${kind} is not registered and will not be exported`,
        { metric: name, kind, existing: existing.kind },
      )
      return build(resolveConfig(ctx, name, options, undefined), options)
    }
    const created = build(resolveConfig(ctx, name, options, definitionOf(name)), options)
    if (instruments.size >= MAX_INSTRUMENTS) {
      noticeLimit(name)
      return created
    }
    instruments.set(name, created)
    return created
  }

  const counter = (name: string, options?: InstrumentOptions): CounterInstrument =>
    instrument('counter', name, options, (config) => new CounterInstrument(ctx, config))
  const upDownCounter = (name: string, options?: InstrumentOptions): UpDownCounterInstrument =>
    instrument('updowncounter', name, options, (config) => new UpDownCounterInstrument(ctx, config))
  const gauge = (name: string, options?: GaugeOptions): GaugeInstrument =>
    instrument('gauge', name, options, (config, o) => {
      const callback = o.callback
      if (callback !== undefined && typeof callback !== 'function')
        invalidOption(ctx, config.name, 'callback', callback)
      return new GaugeInstrument(
        ctx,
        config,
        typeof callback === 'function' ? (callback as GaugeOptions['callback']) : undefined,
      )
    })
  const histogram = (name: string, options?: HistogramOptions): HistogramInstrument =>
    instrument('histogram', name, options, (config, o) => {
      // Explicit buckets, else the taxonomy's advice, else defaults suited to the unit.
      const advice = config.definition?.buckets
      let buckets = advice !== undefined && validBuckets(advice) ? advice : defaultBuckets(config.unit)
      if (o.buckets !== undefined) {
        if (validBuckets(o.buckets)) buckets = o.buckets
        else invalidOption(ctx, config.name, 'buckets', o.buckets)
      }
      const sketch = o.sketch === undefined ? true : o.sketch !== false
      return new HistogramInstrument(
        ctx,
        config,
        buckets,
        sketch,
        quantilesOption(ctx, config.name, o.quantiles),
      )
    })
  const summary = (name: string, options?: SummaryOptions): SummaryInstrument =>
    instrument('summary', name, options, (config, o) => {
      let window = DEFAULT_SUMMARY_WINDOW
      if (o.window !== undefined) {
        if (typeof o.window === 'number' && o.window > 0 && o.window < Number.POSITIVE_INFINITY)
          window = o.window
        else invalidOption(ctx, config.name, 'window', o.window)
      }
      let ageBuckets = DEFAULT_AGE_BUCKETS
      if (o.ageBuckets !== undefined) {
        if (Number.isInteger(o.ageBuckets) && (o.ageBuckets as number) >= 1)
          ageBuckets = o.ageBuckets as number
        else invalidOption(ctx, config.name, 'ageBuckets', o.ageBuckets)
      }
      return new SummaryInstrument(
        ctx,
        config,
        quantilesOption(ctx, config.name, o.quantiles),
        window,
        ageBuckets,
      )
    })

  const builders: Record<InstrumentKind, (name: string, options?: InstrumentOptions) => AnyInstrument> = {
    counter,
    updowncounter: upDownCounter,
    gauge,
    histogram,
    summary,
  }

  const defineDeps = {
    ctx,
    definitionOf,
    measurementUnitOf: (event: string, measurement: string) => deps.measurementUnitOf?.(event, measurement),
    recorder: (kind: InstrumentKind, name: string, options: InstrumentOptions) => {
      const inst = builders[kind](name, options)
      return {
        record: (value: number, tags: Tags) => inst.recordValue(value, tags),
        declaresTagKeys: inst.table.keepsDeclaredKeysOnly,
      }
    },
    attach: (
      id: string,
      events: readonly string[],
      handler: (event: string, measurements: Measurements, metadata: Metadata) => void,
    ) => {
      if (deps.attach !== undefined) return deps.attach(id, events, handler)
      report(TelemetryErrorCode.INVALID_INPUT, `metrics.define: no event bus to attach ${id} to`, {
        api: 'metrics.define',
      })
      return () => {}
    },
  }

  /** `recordMetric` for a name not registered yet: the taxonomy's kind, else {@link inferKind}. */
  function recordNew(name: unknown, value: number, tags: unknown): void {
    if (typeof name !== 'string' || name.length === 0) {
      report(
        TelemetryErrorCode.INVALID_INPUT,
        `recordMetric: name must be a non-empty string, got ${describe(name)}`,
        {
          metric: String(name),
        },
      )
      return
    }
    // Past the limit nothing would be registered: drop the value before building anything.
    if (instruments.size >= MAX_INSTRUMENTS) {
      ctx.counters.rejected++
      noticeLimit(name)
      return
    }
    const definition = definitionOf(name)
    const kind = definition?.kind ?? inferKind(name)
    const build = builders[kind] ?? counter
    const created = build(name, definition === undefined && kind === 'histogram' ? { unit: 'ms' } : undefined)
    if (definition === undefined) execute(UNDECLARED_METRIC_EVENT, {}, { metric: name, kind: created.kind })
    created.recordValue(value, tags)
  }

  const engine: MetricsEngine = {
    counter: (name, options) => counter(name, options) as Counter,
    upDownCounter: (name, options) => upDownCounter(name, options) as UpDownCounter,
    gauge: (name, options) => gauge(name, options) as Gauge,
    histogram: (name, options) => histogram(name, options) as Histogram,
    summary: (name, options) => summary(name, options) as Summary,

    define: (definitions) => defineMetrics(defineDeps, definitions),

    record(name, value, tags) {
      const existing = instruments.get(name)
      if (existing !== undefined) existing.recordValue(value, tags)
      else recordNew(name, value, tags)
    },

    collect(options?: CollectOptions): MetricSnapshot[] {
      try {
        const o = optionsObject(ctx, options, 'collect')
        const delta = o.temporality === 'delta'
        if (o.temporality !== undefined && !delta && o.temporality !== 'cumulative') {
          invalidOption(ctx, 'collect', 'temporality', o.temporality)
        }
        let reader: ReaderState | null = null
        if (delta) {
          const readerName = typeof o.reader === 'string' ? o.reader : 'default'
          reader = readers.get(readerName) ?? createReaderState()
          readers.set(readerName, reader)
        }
        limitNoticed = false
        const now = ctx.clock.now()
        const out: MetricSnapshot[] = []
        for (const inst of instruments.values()) out.push(collectInstrument(inst, reader, now))
        if (reader !== null) reader.lastTime = now
        return out
      } catch (error) {
        report(TelemetryErrorCode.INVALID_INPUT, `collect failed: ${describe(error)}`, { error })
        return []
      }
    },

    windowStats(name: string, window: number, tags?: Tags): WindowStats | undefined {
      try {
        const inst = instruments.get(name)
        return inst === undefined ? undefined : queryWindow(ctx, inst, window, tags)
      } catch (error) {
        report(TelemetryErrorCode.INVALID_INPUT, `windowStats(${String(name)}) failed: ${describe(error)}`, {
          error,
        })
        return undefined
      }
    },

    windowRatio(numerator: string, denominator: string, window: number, tags?: Tags): number {
      const num = engine.windowStats(numerator, window, tags)
      const den = engine.windowStats(denominator, window, tags)
      if (num === undefined || den === undefined || den.sum === 0) return Number.NaN
      return num.sum / den.sum
    },

    startRuntimeMetrics(options?: { interval?: number }): () => void {
      try {
        const o = optionsObject(ctx, options, 'startRuntimeMetrics')
        let interval = DEFAULT_RUNTIME_INTERVAL
        if (o.interval !== undefined) {
          if (typeof o.interval === 'number' && o.interval >= 1 && o.interval < Number.POSITIVE_INFINITY)
            interval = o.interval
          else invalidOption(ctx, 'startRuntimeMetrics', 'interval', o.interval)
        }
        // One sampler per engine: starting again restarts with the new interval.
        stopRuntime?.()
        const stop = startRuntimeMetrics(
          {
            clock: ctx.clock,
            execute,
            gauge,
            counter,
            histogram,
            onError: (error) =>
              report(TelemetryErrorCode.INVALID_INPUT, `runtime metrics sample failed: ${describe(error)}`, {
                error,
              }),
          },
          { interval },
        )
        stopRuntime = stop
        return () => {
          stop()
          if (stopRuntime === stop) stopRuntime = undefined
        }
      } catch (error) {
        report(TelemetryErrorCode.INVALID_INPUT, `startRuntimeMetrics failed: ${describe(error)}`, { error })
        return () => {}
      }
    },

    shutdown() {
      stopRuntime?.()
      stopRuntime = undefined
    },

    stats(): MetricsStats {
      let series = 0
      for (const inst of instruments.values()) series += inst.table.size + (inst.table.overflowing ? 1 : 0)
      return {
        instruments: instruments.size,
        series,
        rejected: ctx.counters.rejected,
        overflowed: ctx.counters.overflowed,
      }
    },
  }
  return engine
}
