import type { Clock } from '@foundation-telemetry/core'
import { createTelemetry } from '@foundation-telemetry/core'
import { createFakeClock, type FakeClock } from '@foundation-telemetry/testing'
import { describe, expect, it } from 'vitest'
import { drive, fakeClockLoadTest } from '../test/drive.ts'
import type { Executor } from './options.ts'
import { runLoadTest } from './runLoadTest.ts'

/**
 * A one-request-at-a-time server on the fake clock: 1 ms per request, and nothing at all between
 * 5 s and 6 s (a stall: a GC pause, a failover).
 */
function stallingServer(clock: FakeClock) {
  let freeAt = 0
  return (): Promise<void> => {
    let finish = Math.max(clock.monotonic(), freeAt) + 1
    if (finish > 5000 && finish <= 6000) finish = 6001
    freeAt = finish
    return new Promise((resolve) => clock.setTimeout(resolve, finish - clock.monotonic()))
  }
}

async function measure(executor: Executor) {
  const { clock, run } = fakeClockLoadTest('open-model-test')
  const serve = stallingServer(clock)
  return run({ scenarios: [{ name: 'serve', run: () => serve() }], executor })
}

describe('open model', () => {
  it('shows a stall in p99 that the closed model hides (coordinated omission corrected)', async () => {
    const closed = await measure({ type: 'constant-vus', vus: 1, duration: '10s' })
    const open = await measure({ type: 'constant-arrival-rate', rate: 500, duration: '10s', maxVUs: 2000 })
    // Closed: one VU waits out the stall in a single iteration; the other ~9000 take 1 ms.
    expect(closed.total.count).toBeGreaterThan(8000)
    expect(closed.total.latency.p99).toBeLessThan(2)
    expect(closed.total.latency.max).toBeGreaterThanOrEqual(1000)
    // Open: the 500 arrivals due during the stall and the backlog after it all wait.
    expect(open.total.count).toBe(5000)
    expect(open.total.latency.p99).toBeGreaterThan(500)
    expect(open.total.latency.p90).toBeGreaterThan(100)
  })

  it('counts latency from the scheduled start when the generator wakes up late', async () => {
    const fake = createFakeClock()
    // Every timer fires 20 ms late, as on an event loop blocked by the generator's own work.
    const late: Clock = { ...fake, setTimeout: (fn, ms) => fake.setTimeout(fn, ms + 20) }
    const telemetry = createTelemetry({ service: 'late-clock', clock: fake })
    const report = await drive(
      fake,
      runLoadTest({
        telemetry,
        clock: late,
        scenarios: [{ name: 'instant', run: () => {} }],
        executor: { type: 'constant-arrival-rate', rate: 10, duration: '10s' },
      }),
    )
    expect(report.total.count).toBeGreaterThan(50)
    expect(report.total.latency.p50).toBeGreaterThanOrEqual(19.8)
  })

  it('drops iterations due while every VU is busy at maxVUs, and counts them', async () => {
    const report = await fakeClockLoadTest('drops').run({
      scenarios: [{ name: 'slow', run: (ctx) => ctx.pause(1000) }],
      executor: { type: 'constant-arrival-rate', rate: 100, duration: '5s', preAllocatedVUs: 2, maxVUs: 2 },
    })
    expect(report.total.count + report.total.dropped).toBe(500)
    expect(report.total.count).toBe(10)
    expect(report.scenarios.slow!.dropped).toBe(490)
  })

  it('follows a ramp of arrival rates exactly', async () => {
    const report = await fakeClockLoadTest('ramp').run({
      scenarios: [{ name: 'r', run: (ctx) => ctx.pause(2) }],
      executor: {
        type: 'ramping-arrival-rate',
        stages: [
          { duration: '10s', target: 100 },
          { duration: '5s', target: 100 },
        ],
      },
    })
    // 0 -> 100/s over 10 s is 500 iterations, then 5 s at 100/s is 500 more.
    expect(report.total.count).toBe(1000)
    expect(report.total.dropped).toBe(0)
  })
})
