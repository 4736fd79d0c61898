import { createTelemetry, type Telemetry } from '@foundation-telemetry/core'
import { expect } from 'vitest'
import { createFakeClock, type FakeClock } from '../src/fakeClock.ts'

/** A fresh telemetry instance on a fake clock, without enrichment so metadata is exactly what was emitted. */
export function setup(): { t: Telemetry; clock: FakeClock } {
  const clock = createFakeClock()
  const t = createTelemetry({ clock, enrich: false, service: 'testing-tests' })
  return { t, clock }
}

/** The proof every helper test ends with: nothing left attached. */
export function expectNoHandlers(t: Pick<Telemetry, 'listHandlers'>): void {
  expect(t.listHandlers()).toEqual([])
}

/** Settle the promise and return what it rejected with (fails the test if it resolved). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the promise to reject, but it resolved')
}
