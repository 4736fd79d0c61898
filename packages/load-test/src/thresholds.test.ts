import { describe, expect, it } from 'vitest'
import { fakeClockLoadTest } from '../test/drive.ts'

const runner = () => fakeClockLoadTest('thresholds')

describe('thresholds', () => {
  it('pass and fail on hand-made latencies, per scenario and in total', async () => {
    const { run } = runner()
    const report = await run({
      scenarios: [
        { name: 'read', weight: 70, run: (ctx) => ctx.pause(10) },
        { name: 'write', weight: 30, run: (ctx) => ctx.pause(50) },
      ],
      executor: { type: 'constant-vus', vus: 1, duration: '20s' },
      thresholds: [
        'p95{scenario:read}<20ms',
        'p95<20ms',
        'error_rate<0.01',
        'max{scenario:write}<=50ms',
        'throughput>40/s',
      ],
    })
    const byExpression = Object.fromEntries(report.thresholds.map((t) => [t.expression, t]))
    expect(byExpression['p95{scenario:read}<20ms']).toMatchObject({
      passed: true,
      value: expect.closeTo(10, 0),
    })
    expect(byExpression['p95<20ms']).toMatchObject({ passed: false, value: expect.closeTo(50, 0) })
    expect(byExpression['error_rate<0.01']).toMatchObject({ passed: true, value: 0 })
    expect(byExpression['max{scenario:write}<=50ms']).toMatchObject({ passed: true })
    // 20 s of (0.7 * 10 + 0.3 * 50) = 22 ms per iteration on one VU: about 45/s.
    expect(byExpression['throughput>40/s']!.passed).toBe(true)
    expect(report.passed).toBe(false)
  })

  it('judges `over 10s` on rolling windows: one slow stretch fails it while the whole run passes', async () => {
    const { run, clock } = runner()
    const report = await run({
      scenarios: [
        {
          name: 'mostly-fast',
          // 5 s of 50 ms iterations in the middle of 60 s of 5 ms ones.
          run: (ctx) => ctx.pause(clock.monotonic() >= 30_000 && clock.monotonic() < 35_000 ? 50 : 5),
        },
      ],
      executor: { type: 'constant-vus', vus: 1, duration: '60s' },
      thresholds: ['p95<20ms', 'p95<20ms over 10s'],
    })
    const [whole, windowed] = report.thresholds
    expect(whole).toMatchObject({ passed: true, value: expect.closeTo(5, 1) })
    expect(windowed).toMatchObject({ passed: false, window_ms: 10_000 })
    expect(windowed!.value).toBeCloseTo(50, 0)
    expect(windowed!.failed_evaluations).toBeGreaterThan(0)
    expect(windowed!.failed_evaluations).toBeLessThan(windowed!.evaluations!)
  })

  it('leaves warm-up out of the windows', async () => {
    const { run, clock } = runner()
    const report = await run({
      scenarios: [{ name: 'slow-start', run: (ctx) => ctx.pause(clock.monotonic() < 5000 ? 100 : 5) }],
      executor: { type: 'constant-vus', vus: 1, duration: '20s' },
      warmup: '5s',
      thresholds: ['p99<20ms over 5s'],
    })
    expect(report.thresholds[0]).toMatchObject({ passed: true })
  })

  it('stops the test early when an abortOnFail threshold fails', async () => {
    const { run, clock } = runner()
    const report = await run({
      scenarios: [
        {
          name: 'breaks',
          run: async (ctx) => {
            await ctx.pause(10)
            if (clock.monotonic() > 3000) throw new Error('down')
          },
        },
      ],
      executor: { type: 'constant-vus', vus: 1, duration: '60s' },
      thresholds: [{ threshold: 'error_rate<0.1 over 1s', abortOnFail: true }],
    })
    expect(report.aborted).toBe('threshold')
    expect(report.passed).toBe(false)
    expect(report.duration_ms).toBeLessThan(5000)
  })

  it('treats a threshold with no data as passed, with a null value', async () => {
    const { run } = runner()
    const report = await run({
      scenarios: [{ name: 'all-fail', run: () => Promise.reject(new Error('x')) }],
      executor: { type: 'constant-vus', vus: 1, duration: '10ms', iterations: 3 },
      thresholds: ['errors<1', 'count==3'],
    })
    expect(report.thresholds.map((t) => t.passed)).toEqual([false, true])
  })
})
