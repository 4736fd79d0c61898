/**
 * Runtime metrics, started explicitly: event-loop delay (p50/p99/max) and utilisation, heap
 * used/total, RSS, external memory, GC pauses by kind, active handles and requests, CPU
 * user/system. Every interval (on the engine's clock) updates the `foundation.runtime.*`
 * instruments and emits one `foundation.runtime.sample` event; every GC emits
 * `foundation.runtime.gc`. Nothing is allocated or observed until started, and the returned
 * function stops everything.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks'
import type { Clock, ClockTimer } from '../clock.ts'
import { TelemetryErrorCode } from '../errors.ts'
import type { Measurements, Metadata } from '../types.ts'
import type { EngineContext } from './engineContext.ts'
import { describe } from './instrument.ts'
import { finiteAtLeast, optionsObject } from './instrumentOptions.ts'
import { type RuntimeSample, RuntimeSampler } from './runtimeSampler.ts'
import type {
  BoundCounter,
  BoundGauge,
  Counter,
  Gauge,
  GaugeOptions,
  Histogram,
  HistogramOptions,
  InstrumentOptions,
} from './types.ts'

export { countResources } from './runtimeSampler.ts'

/** Options for {@link startRuntimeMetrics}. */
export interface RuntimeMetricsOptions {
  /** Sampling interval in ms. Defaults to 10 000 (10 s). */
  interval?: number
}

/** The runtime metric names this module maintains. */
export const RUNTIME_METRICS = {
  eventLoopDelay: 'foundation.runtime.event_loop.delay',
  eventLoopUtilization: 'foundation.runtime.event_loop.utilization',
  heapUsed: 'foundation.runtime.memory.heap_used',
  heapTotal: 'foundation.runtime.memory.heap_total',
  rss: 'foundation.runtime.memory.rss',
  external: 'foundation.runtime.memory.external',
  gcDuration: 'foundation.runtime.gc.duration',
  handles: 'foundation.runtime.handles.active',
  requests: 'foundation.runtime.requests.active',
  cpuUser: 'foundation.runtime.cpu.user',
  cpuSystem: 'foundation.runtime.cpu.system',
} as const

/** What runtime metrics need from the engine. */
export interface RuntimeHost {
  clock: Clock
  execute(event: string, measurements: Measurements, metadata: Metadata): void
  gauge(name: string, options: GaugeOptions): Gauge
  counter(name: string, options: InstrumentOptions): Counter
  histogram(name: string, options: HistogramOptions): Histogram
  /** A failure while sampling; reported, never thrown from the timer. */
  onError(error: unknown): void
}

/** Default sampling interval, ms. */
export const DEFAULT_RUNTIME_INTERVAL = 10_000

const GC_KINDS: Readonly<Record<number, string>> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
}

/** The name of a GC kind as Node reports it in `entry.detail.kind`. */
export function gcKindName(kind: unknown): string {
  return (typeof kind === 'number' ? GC_KINDS[kind] : undefined) ?? 'other'
}

/** The runtime gauges: name, unit, and the sample field that sets each bound series. */
const RUNTIME_GAUGES: ReadonlyArray<{
  name: string
  unit: string
  series: ReadonlyArray<{ tags?: Record<string, string>; field: keyof RuntimeSample }>
}> = [
  {
    name: RUNTIME_METRICS.eventLoopDelay,
    unit: 'ms',
    series: [
      { tags: { percentile: 'p50' }, field: 'event_loop_delay_p50' },
      { tags: { percentile: 'p99' }, field: 'event_loop_delay_p99' },
      { tags: { percentile: 'max' }, field: 'event_loop_delay_max' },
    ],
  },
  { name: RUNTIME_METRICS.eventLoopUtilization, unit: '1', series: [{ field: 'event_loop_utilization' }] },
  { name: RUNTIME_METRICS.heapUsed, unit: 'By', series: [{ field: 'heap_used' }] },
  { name: RUNTIME_METRICS.heapTotal, unit: 'By', series: [{ field: 'heap_total' }] },
  { name: RUNTIME_METRICS.rss, unit: 'By', series: [{ field: 'rss' }] },
  { name: RUNTIME_METRICS.external, unit: 'By', series: [{ field: 'external' }] },
  { name: RUNTIME_METRICS.handles, unit: '{handle}', series: [{ field: 'active_handles' }] },
  { name: RUNTIME_METRICS.requests, unit: '{request}', series: [{ field: 'active_requests' }] },
]

/**
 * The `foundation.runtime.*` instruments, bound once. Units are given so the instruments are right
 * without the taxonomy; descriptions and GC bucket advice come from it.
 */
export class RuntimeInstruments {
  private readonly gauges: Array<{ series: BoundGauge; field: keyof RuntimeSample }> = []
  private readonly cpuUser: BoundCounter
  private readonly cpuSystem: BoundCounter
  /** GC pauses, ms, tagged by `kind`. */
  readonly gcDuration: Histogram

  constructor(host: Pick<RuntimeHost, 'gauge' | 'counter' | 'histogram'>) {
    for (const { name, unit, series } of RUNTIME_GAUGES) {
      const gauge = host.gauge(name, { unit })
      for (const { tags, field } of series) this.gauges.push({ series: gauge.bind(tags), field })
    }
    this.cpuUser = host.counter(RUNTIME_METRICS.cpuUser, { unit: 'ms' }).bind()
    this.cpuSystem = host.counter(RUNTIME_METRICS.cpuSystem, { unit: 'ms' }).bind()
    this.gcDuration = host.histogram(RUNTIME_METRICS.gcDuration, { unit: 'ms' })
  }

  /** Add CPU time, ms, to the CPU counters. */
  addCpu(cpu: { user: number; system: number }): void {
    this.cpuUser.add(cpu.user)
    this.cpuSystem.add(cpu.system)
  }

  /** Set the gauges to one sample and add its CPU time. */
  write(sample: RuntimeSample): void {
    for (const { series, field } of this.gauges) series.set(sample[field])
    this.cpuUser.add(sample.cpu_user)
    this.cpuSystem.add(sample.cpu_system)
  }
}

/**
 * Watch GC pauses: each is recorded in `gcDuration` by kind and emitted as `foundation.runtime.gc`;
 * a failure goes to `host.onError`. Disconnect the returned observer to stop.
 */
export function observeGc(
  host: Pick<RuntimeHost, 'execute' | 'onError'>,
  gcDuration: Pick<Histogram, 'record'>,
): PerformanceObserver {
  const observer = new PerformanceObserver((list) => {
    try {
      for (const entry of list.getEntries()) {
        const detail = (entry as { detail?: { kind?: unknown } }).detail
        const kind = gcKindName(detail?.kind)
        gcDuration.record(entry.duration, { kind })
        host.execute('foundation.runtime.gc', { duration: entry.duration }, { kind })
      }
    } catch (error) {
      host.onError(error)
    }
  })
  observer.observe({ entryTypes: ['gc'] })
  return observer
}

/**
 * Start sampling. Returns an idempotent stop function.
 *
 * @example
 * const stop = startRuntimeMetrics(host, { interval: 5_000 })
 * // ... later
 * stop()
 */
export function startRuntimeMetrics(host: RuntimeHost, options: RuntimeMetricsOptions = {}): () => void {
  const interval = options.interval ?? DEFAULT_RUNTIME_INTERVAL
  const instruments = new RuntimeInstruments(host)
  const sampler = new RuntimeSampler()
  // The CPU counters are the process's CPU time since it started (as Prometheus'
  // process_cpu_seconds_total), seeded with what it used before runtime metrics started: the
  // first scrape has a value instead of waiting for the first sample.
  instruments.addCpu(sampler.cpuBeforeStart)
  const observer = observeGc(host, instruments.gcDuration)
  const timer: ClockTimer = host.clock.setInterval(() => {
    try {
      const sample = sampler.take()
      instruments.write(sample)
      host.execute('foundation.runtime.sample', sample, { interval })
    } catch (error) {
      host.onError(error)
    }
  }, interval)
  timer.unref?.()
  let stopped = false
  return () => {
    if (stopped) return
    stopped = true
    host.clock.clearInterval(timer)
    sampler.stop()
    observer.disconnect()
  }
}

/**
 * `metrics.startRuntimeMetrics` of one engine: one sampler at a time (starting again restarts it
 * with the new interval), options checked, failures reported. `stop` ends the current sampler.
 */
export function createRuntimeSwitch(
  ctx: EngineContext,
  host: Omit<RuntimeHost, 'onError'>,
): { start(options?: { interval?: number }): () => void; stop(): void } {
  let current: (() => void) | undefined
  const fullHost: RuntimeHost = {
    ...host,
    onError: (error) =>
      ctx.report(TelemetryErrorCode.INVALID_INPUT, `runtime metrics sample failed: ${describe(error)}`, {
        error,
      }),
  }
  return {
    start(options) {
      try {
        const o = optionsObject(ctx, options, 'startRuntimeMetrics')
        const interval = finiteAtLeast(
          ctx,
          'startRuntimeMetrics',
          'interval',
          o.interval,
          1,
          DEFAULT_RUNTIME_INTERVAL,
        )
        current?.()
        const stop = startRuntimeMetrics(fullHost, { interval })
        current = stop
        return () => {
          stop()
          if (current === stop) current = undefined
        }
      } catch (error) {
        ctx.report(TelemetryErrorCode.INVALID_INPUT, `startRuntimeMetrics failed: ${describe(error)}`, {
          error,
        })
        return () => {}
      }
    },
    stop() {
      current?.()
      current = undefined
    },
  }
}
