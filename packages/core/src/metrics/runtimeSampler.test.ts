import { describe, expect, it } from 'vitest'
import { type CpuTime, countResources, RuntimeSampler, type RuntimeSources } from './runtimeSampler.ts'

/** Sources a test moves by hand: delays in ns, CPU in µs, utilisation as cumulative active/idle ms. */
function fakeSources() {
  const state = {
    delays: [] as number[],
    enabled: false,
    active: 0,
    idle: 0,
    cpu: { user: 5_000, system: 2_000 } as CpuTime,
    memory: { heapUsed: 10, heapTotal: 20, rss: 40, external: 3 },
    resources: ['TCPWrap', 'FSReqCallback'] as string[],
  }
  const sorted = () => [...state.delays].sort((a, b) => a - b)
  const sources: RuntimeSources = {
    loopDelay: () => ({
      get count() {
        return state.delays.length
      },
      get max() {
        return Math.max(...state.delays)
      },
      percentile: (p) =>
        sorted()[Math.min(state.delays.length - 1, Math.floor((p / 100) * state.delays.length))]!,
      reset: () => {
        state.delays = []
      },
      enable: () => {
        state.enabled = true
        return true
      },
      disable: () => {
        state.enabled = false
        return true
      },
    }),
    eventLoopUtilization: (previous) => {
      const active = state.active - (previous?.active ?? 0)
      const idle = state.idle - (previous?.idle ?? 0)
      return { active, idle, utilization: active + idle === 0 ? 0 : active / (active + idle) }
    },
    memoryUsage: () => state.memory,
    cpuUsage: (previous) => ({
      user: state.cpu.user - (previous?.user ?? 0),
      system: state.cpu.system - (previous?.system ?? 0),
    }),
    activeResources: () => state.resources,
  }
  return { state, sources }
}

describe('RuntimeSampler', () => {
  it('starts the delay monitor and knows the CPU time used before it started, in ms', () => {
    const { state, sources } = fakeSources()
    const sampler = new RuntimeSampler(sources)
    expect(state.enabled).toBe(true)
    expect(sampler.cpuBeforeStart).toEqual({ user: 5, system: 2 })
    sampler.stop()
    expect(state.enabled).toBe(false)
  })

  it('gives delays in ms, then starts the delay histogram over', () => {
    const { state, sources } = fakeSources()
    const sampler = new RuntimeSampler(sources)
    state.delays = [1e6, 2e6, 3e6, 4e6]
    const first = sampler.take()
    expect(first.event_loop_delay_max).toBe(4)
    expect(first.event_loop_delay_p50).toBe(3)
    expect(state.delays).toEqual([])
    const second = sampler.take()
    expect([second.event_loop_delay_p50, second.event_loop_delay_p99, second.event_loop_delay_max]).toEqual([
      0, 0, 0,
    ])
  })

  it('gives utilisation and CPU time since the previous sample, not since the start', () => {
    const { state, sources } = fakeSources()
    const sampler = new RuntimeSampler(sources)
    /** Cumulative active/idle loop time and CPU µs reach these totals, then a sample is taken. */
    const sampleAt = (active: number, idle: number, cpu: CpuTime) => {
      Object.assign(state, { active, idle, cpu })
      const sample = sampler.take()
      return [sample.event_loop_utilization, sample.cpu_user, sample.cpu_system]
    }
    expect(sampleAt(30, 70, { user: 8_000, system: 2_500 })).toEqual([0.3, 3, 0.5])
    expect(sampleAt(130, 70, { user: 9_000, system: 2_500 })).toEqual([1, 1, 0])
  })

  it('reports memory as read and splits resources into handles and requests', () => {
    const { sources } = fakeSources()
    expect(new RuntimeSampler(sources).take()).toMatchObject({
      heap_used: 10,
      heap_total: 20,
      rss: 40,
      external: 3,
      active_handles: 1,
      active_requests: 1,
    })
    expect(countResources([])).toEqual({ handles: 0, requests: 0 })
  })

  it("reads the process's own runtime by default", () => {
    const sampler = new RuntimeSampler()
    const sample = sampler.take()
    sampler.stop()
    expect(sample.heap_used).toBeGreaterThan(0)
    expect(sample.rss).toBeGreaterThanOrEqual(sample.heap_used)
    expect(sampler.cpuBeforeStart.user).toBeGreaterThan(0)
  })
})
