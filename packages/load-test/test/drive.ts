import { createTelemetry } from '@foundation-telemetry/core'
import { createFakeClock, type FakeClock } from '@foundation-telemetry/testing'
import type { LoadTestOptions } from '../src/options.ts'
import { runLoadTest } from '../src/runLoadTest.ts'

/**
 * Move the fake clock in small steps, letting promise callbacks run after each, until `promise`
 * settles (or `limitMs` of fake time has passed). Nothing waits on wall time.
 */
export async function drive<T>(
  clock: FakeClock,
  promise: Promise<T>,
  limitMs = 600_000,
  stepMs = 1,
): Promise<T> {
  let settled = false
  const watched = promise.finally(() => {
    settled = true
  })
  for (let moved = 0; !settled && moved < limitMs; moved += stepMs) await clock.advanceAsync(stepMs)
  if (!settled) throw new Error(`still running after ${limitMs} ms of fake time`)
  return watched
}

/**
 * A fake clock and a telemetry of `service` on it; `run(options)` drives a load test on them to
 * its report.
 */
export function fakeClockLoadTest(service: string) {
  const clock = createFakeClock()
  const telemetry = createTelemetry({ service, clock })
  const run = (options: Omit<LoadTestOptions, 'telemetry'>) =>
    drive(clock, runLoadTest({ telemetry, ...options }))
  return { clock, telemetry, run }
}
