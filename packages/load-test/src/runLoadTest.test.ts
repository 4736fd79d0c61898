import { describe, expect, it } from 'vitest'
import { fakeClockLoadTest } from '../test/drive.ts'
import { LoadTestConfigError } from './loadTestError.ts'
import type { LoadTestOptions } from './options.ts'
import { runLoadTest } from './runLoadTest.ts'

const setup = () => fakeClockLoadTest('load-test-test')

describe('runLoadTest, closed model', () => {
  it('splits iterations between scenarios by weight, within one iteration of the exact share', async () => {
    const { run } = setup()
    const report = await run({
      scenarios: [
        { name: 'read', weight: 70, run: (ctx) => ctx.pause(5) },
        { name: 'write', weight: 30, run: (ctx) => ctx.pause(7) },
      ],
      executor: { type: 'constant-vus', vus: 4, duration: '10s' },
    })
    const total = report.total.count
    expect(total).toBeGreaterThan(5000)
    expect(report.scenarios.read!.count + report.scenarios.write!.count).toBe(total)
    expect(Math.abs(report.scenarios.read!.count - total * 0.7)).toBeLessThanOrEqual(1)
  })

  it('counts errors by category with a bounded sample of messages, and the VUs keep going', async () => {
    const { run } = setup()
    const report = await run({
      scenarios: [
        {
          name: 'flaky',
          run: async (ctx) => {
            await ctx.pause(10)
            if (ctx.iteration % 3 === 1)
              throw Object.assign(new Error(`reset ${ctx.iteration}`), { code: 'ECONNRESET' })
            if (ctx.iteration % 3 === 2) throw new TypeError('bad value')
          },
        },
      ],
      executor: { type: 'constant-vus', vus: 2, duration: '3s' },
    })
    const s = report.scenarios.flaky!
    expect(s.count).toBe(600)
    expect(s.errors).toBe(400)
    expect(s.error_types.ECONNRESET!.count).toBe(200)
    expect(s.error_types.ECONNRESET!.samples).toHaveLength(5)
    expect(s.error_types.TypeError).toEqual({ count: 200, samples: ['bad value'] })
    expect(s.error_rate).toBeCloseTo(2 / 3, 5)
  })

  it('times out a hung iteration, aborts its signal, and the VU carries on', async () => {
    const { run } = setup()
    let aborted = false
    const report = await run({
      scenarios: [
        {
          name: 'hang-once',
          timeout: '200ms',
          run: async (ctx) => {
            if (ctx.iteration === 0) {
              ctx.signal.addEventListener('abort', () => {
                aborted = true
              })
              await new Promise(() => {})
            }
            await ctx.pause(100)
          },
        },
      ],
      executor: { type: 'constant-vus', vus: 1, duration: '2s' },
    })
    const s = report.scenarios['hang-once']!
    expect(s.error_types.timeout?.count).toBe(1)
    expect(aborted).toBe(true)
    expect(s.count).toBeGreaterThanOrEqual(18)
    expect(s.latency.max).toBeGreaterThanOrEqual(200)
  })

  it('turns a hostile thrown value into an error instead of crashing the VU', async () => {
    const { run } = setup()
    const hostile = {
      get code(): string {
        throw new Error('no code for you')
      },
    }
    const report = await run({
      scenarios: [
        {
          name: 'hostile',
          run: async (ctx) => {
            await ctx.pause(10)
            throw hostile
          },
        },
      ],
      executor: { type: 'constant-vus', vus: 1, duration: '1s' },
    })
    expect(report.scenarios.hostile!.errors).toBe(100)
    expect(report.scenarios.hostile!.error_types.unreadable_error!.count).toBe(100)
  })

  it('leaves warm-up and cool-down out of the report', async () => {
    const { run } = setup()
    const ran: number[] = []
    const report = await run({
      scenarios: [
        {
          name: 'tick',
          run: async (ctx) => {
            ran.push(ctx.iteration)
            await ctx.pause(100)
          },
        },
      ],
      executor: { type: 'constant-vus', vus: 1, duration: '2s' },
      warmup: '1s',
      cooldown: '1s',
    })
    expect(ran.length).toBe(40)
    expect(report.total.count).toBe(20)
    expect(report.duration_ms).toBe(2000)
    expect(report.total.throughput).toBe(10)
  })

  it('follows a ramp of VUs', async () => {
    const { run } = setup()
    const vus = new Set<number>()
    const active: number[] = []
    const report = await run({
      scenarios: [
        {
          name: 'ramp',
          run: async (ctx) => {
            vus.add(ctx.vu)
            await ctx.pause(50)
          },
        },
      ],
      executor: {
        type: 'ramping-vus',
        stages: [
          { duration: '5s', target: 10 },
          { duration: '5s', target: 0 },
        ],
      },
      onProgress: (sample) => active.push(sample.activeVUs),
    })
    expect(vus.size).toBe(10)
    expect(Math.max(...active)).toBe(10)
    expect(active[1]).toBe(4)
    // Area under the ramp: 10 VUs * 10 s / 2 = 50 VU-seconds of 50 ms iterations.
    expect(report.total.count).toBeGreaterThan(900)
    expect(report.total.count).toBeLessThan(1100)
  })

  it('runs setup once before load and teardown once after, with the setup data in every iteration', async () => {
    const { run } = setup()
    const calls: string[] = []
    let seen: unknown
    await run({
      scenarios: [
        {
          name: 'with-data',
          setup: () => {
            calls.push('setup')
            return { keys: 3 }
          },
          run: async (ctx) => {
            seen = ctx.data
            await ctx.pause(100)
          },
          teardown: (data) => {
            calls.push(`teardown ${JSON.stringify(data)}`)
          },
        },
      ],
      executor: { type: 'constant-vus', vus: 2, duration: '1s' },
    })
    expect(calls).toEqual(['setup', 'teardown {"keys":3}'])
    expect(seen).toEqual({ keys: 3 })
  })

  it('stops on the abort signal and still reports what ran', async () => {
    const { run, clock } = setup()
    const controller = new AbortController()
    clock.setTimeout(() => controller.abort(), 2000)
    const report = await run({
      scenarios: [{ name: 'long', run: (ctx) => ctx.pause(100) }],
      executor: { type: 'constant-vus', vus: 1, duration: '60s' },
      signal: controller.signal,
    })
    expect(report.aborted).toBe('signal')
    expect(report.duration_ms).toBe(2000)
    expect(report.total.count).toBeGreaterThanOrEqual(19)
    expect(report.total.count).toBeLessThanOrEqual(20)
  })

  it('stops after a total iteration count shared by the VUs', async () => {
    const { run } = setup()
    const report = await run({
      scenarios: [{ name: 'n', run: (ctx) => ctx.pause(3) }],
      executor: { type: 'constant-vus', vus: 5, duration: '1h', iterations: 1234 },
    })
    expect(report.total.count).toBe(1234)
    expect(report.aborted).toBe(false)
  })
})

describe('runLoadTest, bad input', () => {
  const scenario = { name: 'a', run: () => {} }
  const executor = { type: 'constant-vus', vus: 1, duration: '1s' } as const
  it.each([
    [{ scenarios: [], executor }, 'scenarios'],
    [{ scenarios: [{ ...scenario, weight: 0 }], executor }, 'scenarios[0].weight'],
    [{ scenarios: [{ ...scenario, weight: -2 }], executor }, 'scenarios[0].weight'],
    [{ scenarios: [scenario], executor: { ...executor, duration: '10 parsecs' } }, 'executor.duration'],
    [{ scenarios: [scenario], executor, thresholds: ['p95 lt 5ms'] }, 'thresholds[0]'],
    [{ scenarios: [scenario], executor, thresholds: ['p95{scenario:nope}<5ms'] }, 'thresholds[0]'],
    [{ scenarios: [scenario], executor: { type: 'constant-vus', vus: 0, duration: '1s' } }, 'executor.vus'],
    [{ scenarios: [scenario], executor: { type: 'warp-speed' } }, 'executor.type'],
    [{ scenarios: [scenario, scenario], executor }, 'scenarios[1].name'],
    [{ scenarios: [scenario], executor, warmup: 'soon' }, 'warmup'],
    [{ scenarios: [scenario], executor, workers: 2 }, 'module'],
  ])('rejects %j naming %s, before anything runs', async (options, field) => {
    let setupRan = false
    const withSetup = {
      ...options,
      scenarios: (options.scenarios as object[]).map((s) => ({ ...s, setup: () => (setupRan = true) })),
    }
    const error = await runLoadTest(withSetup as LoadTestOptions).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LoadTestConfigError)
    expect((error as LoadTestConfigError).field).toBe(field)
    expect((error as Error).message.split('\n')).toHaveLength(1)
    expect(setupRan).toBe(false)
  })
})
