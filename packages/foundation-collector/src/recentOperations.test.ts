import { type Clock, createManualClock } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { RecentOperations } from './recentOperations.ts'

/** A manual clock that counts its `now()` reads. */
function countingClock() {
  const clock = createManualClock()
  let reads = 0
  const counted: Clock = {
    ...clock,
    now: () => {
      reads++
      return clock.now()
    },
  }
  return { clock, counted, reads: () => reads }
}

describe('RecentOperations', () => {
  it('counts operations and failures over the window on the clock it is given', () => {
    const clock = createManualClock()
    const recent = new RecentOperations(clock, 10_000)
    expect(recent.errorRate()).toBe(0)
    recent.add(false)
    recent.add(true)
    clock.advance(5_000)
    recent.add(false)
    recent.add(false)
    expect(recent.errorRate()).toBe(1 / 4)
    // The first two leave the window; the last two stay.
    clock.advance(6_000)
    expect(recent.errorRate()).toBe(0)
    recent.add(true)
    expect(recent.errorRate()).toBe(1 / 3)
    clock.advance(20_000)
    expect(recent.errorRate()).toBe(0)
    recent.stop()
  })

  it('reads the clock once per bucket, not per event, and leaves no timer once idle', () => {
    const { clock, counted, reads } = countingClock()
    const recent = new RecentOperations(counted, 60_000)
    for (let i = 0; i < 1_000; i++) recent.add(i % 10 === 0)
    expect(reads()).toBe(1)
    expect(clock.pendingTimers()).toBe(1)
    // The bucket boundary passes: the timer moves the ring on and is not re-armed until an event.
    clock.advance(1_000)
    expect(clock.pendingTimers()).toBe(0)
    for (let i = 0; i < 1_000; i++) recent.add(false)
    expect(reads()).toBe(3)
    expect(recent.errorRate()).toBeCloseTo(100 / 2_000, 10)
    recent.stop()
    expect(clock.pendingTimers()).toBe(0)
  })

  it('puts events after a quiet spell in the bucket of their time, not the last one seen', () => {
    const clock = createManualClock()
    const recent = new RecentOperations(clock, 10_000)
    recent.add(true)
    clock.advance(9_900)
    recent.add(false)
    // 10.5 s after the first event: only the second is inside the 10 s window.
    clock.advance(600)
    expect(recent.errorRate()).toBe(0)
    recent.stop()
  })
})
