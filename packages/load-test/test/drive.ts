import type { FakeClock } from '@foundation-telemetry/testing'

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
