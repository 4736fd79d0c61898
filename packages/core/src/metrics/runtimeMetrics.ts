/**
 * Runtime metrics, started explicitly: event-loop delay (p50/p99/max) and utilisation, heap
 * used/total, RSS, external memory, GC pauses by kind, active handles and requests, CPU
 * user/system. Every interval (on the engine's clock) updates the `foundation.runtime.*`
 * instruments and emits one `foundation.runtime.sample` event; every GC emits
 * `foundation.runtime.gc`. Nothing is allocated or observed until started, and the returned
 * function stops everything.
 */
import {
  constants,
  type EventLoopUtilization,
  monitorEventLoopDelay,
  PerformanceObserver,
  performance,
} from 'node:perf_hooks'
import type { Clock, ClockTimer } from '../clock.ts'
import { TelemetryErrorCode } from '../errors.ts'
import type { Measurements, Metadata } from '../types.ts'
import type { EngineContext } from './engineContext.ts'
import { describe } from './instrument.ts'
import { finiteAtLeast, optionsObject } from './instrumentOptions.ts'
import type { Counter, Gauge, GaugeOptions, Histogram, HistogramOptions, InstrumentOptions } from './types.ts'

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

/**
 * Split `process.getActiveResourcesInfo()` into handles and requests. Node lists both by
 * type name; request types (`FSReqCallback`, `GetAddrInfoReqWrap`, ...) carry `Req`.
 */
export function countResources(types: readonly string[]): { handles: number; requests: number } {
  let requests = 0
  for (const type of types) if (type.includes('Req')) requests++
  return { handles: types.length - requests, requests }
}

const NS_PER_MS = 1e6

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
  // Units are given so the instruments are right without the taxonomy; descriptions and GC
  // bucket advice come from it.
  const delay = host.gauge(RUNTIME_METRICS.eventLoopDelay, { unit: 'ms' })
  const delayP50 = delay.bind({ percentile: 'p50' })
  const delayP99 = delay.bind({ percentile: 'p99' })
  const delayMax = delay.bind({ percentile: 'max' })
  const utilization = host.gauge(RUNTIME_METRICS.eventLoopUtilization, { unit: '1' }).bind()
  const heapUsed = host.gauge(RUNTIME_METRICS.heapUsed, { unit: 'By' }).bind()
  const heapTotal = host.gauge(RUNTIME_METRICS.heapTotal, { unit: 'By' }).bind()
  const rss = host.gauge(RUNTIME_METRICS.rss, { unit: 'By' }).bind()
  const external = host.gauge(RUNTIME_METRICS.external, { unit: 'By' }).bind()
  const handles = host.gauge(RUNTIME_METRICS.handles, { unit: '{handle}' }).bind()
  const requests = host.gauge(RUNTIME_METRICS.requests, { unit: '{request}' }).bind()
  const cpuUser = host.counter(RUNTIME_METRICS.cpuUser, { unit: 'ms' }).bind()
  const cpuSystem = host.counter(RUNTIME_METRICS.cpuSystem, { unit: 'ms' }).bind()
  const gcDuration = host.histogram(RUNTIME_METRICS.gcDuration, { unit: 'ms' })

  const loopDelay = monitorEventLoopDelay({ resolution: 20 })
  loopDelay.enable()
  let lastElu: EventLoopUtilization = performance.eventLoopUtilization()
  // The CPU counters are the process's CPU time since it started (as Prometheus'
  // process_cpu_seconds_total), seeded with what it used before runtime metrics started: the
  // first scrape has a value instead of waiting for the first sample.
  let lastCpu = process.cpuUsage()
  cpuUser.add(lastCpu.user / 1000)
  cpuSystem.add(lastCpu.system / 1000)

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

  const sample = () => {
    try {
      takeSample()
    } catch (error) {
      host.onError(error)
    }
  }
  const takeSample = () => {
    const hasDelay = loopDelay.count > 0
    const p50 = hasDelay ? loopDelay.percentile(50) / NS_PER_MS : 0
    const p99 = hasDelay ? loopDelay.percentile(99) / NS_PER_MS : 0
    const max = hasDelay ? loopDelay.max / NS_PER_MS : 0
    loopDelay.reset()
    const elu = performance.eventLoopUtilization(lastElu)
    lastElu = performance.eventLoopUtilization()
    const mem = process.memoryUsage()
    const cpu = process.cpuUsage(lastCpu)
    lastCpu = process.cpuUsage()
    const resources = countResources(process.getActiveResourcesInfo())
    delayP50.set(p50)
    delayP99.set(p99)
    delayMax.set(max)
    utilization.set(elu.utilization)
    heapUsed.set(mem.heapUsed)
    heapTotal.set(mem.heapTotal)
    rss.set(mem.rss)
    external.set(mem.external)
    handles.set(resources.handles)
    requests.set(resources.requests)
    cpuUser.add(cpu.user / 1000)
    cpuSystem.add(cpu.system / 1000)
    host.execute(
      'foundation.runtime.sample',
      {
        event_loop_delay_p50: p50,
        event_loop_delay_p99: p99,
        event_loop_delay_max: max,
        event_loop_utilization: elu.utilization,
        heap_used: mem.heapUsed,
        heap_total: mem.heapTotal,
        rss: mem.rss,
        external: mem.external,
        active_handles: resources.handles,
        active_requests: resources.requests,
        cpu_user: cpu.user / 1000,
        cpu_system: cpu.system / 1000,
      },
      { interval },
    )
  }

  const timer: ClockTimer = host.clock.setInterval(sample, interval)
  timer.unref?.()
  let stopped = false
  return () => {
    if (stopped) return
    stopped = true
    host.clock.clearInterval(timer)
    loopDelay.disable()
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
