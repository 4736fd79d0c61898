/**
 * Reads the Node.js runtime once per interval: event-loop delay and utilisation since the last
 * reading, memory, CPU time since the last reading, active handles and requests.
 */
import { type EventLoopUtilization, monitorEventLoopDelay, performance } from 'node:perf_hooks'

/** One reading: the measurements of `foundation.runtime.sample` (delays and CPU in ms, memory in bytes). */
export type RuntimeSample = {
  event_loop_delay_p50: number
  event_loop_delay_p99: number
  event_loop_delay_max: number
  event_loop_utilization: number
  heap_used: number
  heap_total: number
  rss: number
  external: number
  active_handles: number
  active_requests: number
  cpu_user: number
  cpu_system: number
}

/** CPU time in µs, as `process.cpuUsage()` gives it. */
export interface CpuTime {
  user: number
  system: number
}

/** The part of `monitorEventLoopDelay`'s histogram a sampler reads (values in ns). */
export interface LoopDelayHistogram {
  readonly count: number
  readonly max: number
  percentile(percentile: number): number
  reset(): void
  enable(): boolean
  disable(): boolean
}

/** Where a {@link RuntimeSampler} reads the runtime: Node's own sources unless a test gives its own. */
export interface RuntimeSources {
  /** Called once, when the sampler starts. */
  loopDelay(): LoopDelayHistogram
  eventLoopUtilization(previous?: EventLoopUtilization): EventLoopUtilization
  memoryUsage(): { heapUsed: number; heapTotal: number; rss: number; external: number }
  cpuUsage(previous?: CpuTime): CpuTime
  activeResources(): readonly string[]
}

/** The process's own sources. */
export const NODE_RUNTIME_SOURCES: RuntimeSources = {
  loopDelay: () => monitorEventLoopDelay({ resolution: 20 }),
  eventLoopUtilization: (previous) => performance.eventLoopUtilization(previous),
  memoryUsage: () => process.memoryUsage(),
  cpuUsage: (previous) => process.cpuUsage(previous),
  activeResources: () => process.getActiveResourcesInfo(),
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
const US_PER_MS = 1000

/**
 * A running reader of the runtime: each {@link take} gives the delay, utilisation and CPU time
 * since the previous one (or since the start). {@link stop} ends the delay monitor.
 */
export class RuntimeSampler {
  private readonly sources: RuntimeSources
  private readonly loopDelay: LoopDelayHistogram
  private lastElu: EventLoopUtilization
  private lastCpu: CpuTime
  /** CPU time, ms, the process used before the sampler started. */
  readonly cpuBeforeStart: { user: number; system: number }

  constructor(sources: RuntimeSources = NODE_RUNTIME_SOURCES) {
    this.sources = sources
    this.loopDelay = sources.loopDelay()
    this.loopDelay.enable()
    this.lastElu = sources.eventLoopUtilization()
    this.lastCpu = sources.cpuUsage()
    this.cpuBeforeStart = { user: this.lastCpu.user / US_PER_MS, system: this.lastCpu.system / US_PER_MS }
  }

  /** Read the runtime; the delay histogram starts over. */
  take(): RuntimeSample {
    const { sources, loopDelay } = this
    const hasDelay = loopDelay.count > 0
    const p50 = hasDelay ? loopDelay.percentile(50) / NS_PER_MS : 0
    const p99 = hasDelay ? loopDelay.percentile(99) / NS_PER_MS : 0
    const max = hasDelay ? loopDelay.max / NS_PER_MS : 0
    loopDelay.reset()
    const elu = sources.eventLoopUtilization(this.lastElu)
    this.lastElu = sources.eventLoopUtilization()
    const mem = sources.memoryUsage()
    const cpu = sources.cpuUsage(this.lastCpu)
    this.lastCpu = sources.cpuUsage()
    const resources = countResources(sources.activeResources())
    return {
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
      cpu_user: cpu.user / US_PER_MS,
      cpu_system: cpu.system / US_PER_MS,
    }
  }

  /** Stop the delay monitor. */
  stop(): void {
    this.loopDelay.disable()
  }
}
