import { describe, expect, it } from 'vitest'
import { systemClock, wallTimeAt } from './clock.ts'
import { createManualClock } from './manualClock.ts'

// The shift between `process.hrtime()` and `performance.now()` is measured once, between two reads
// a few microseconds apart; a millisecond-scale offset would mean the scales disagree.
const TOLERANCE_MS = 0.05

describe('systemClock', () => {
  it('reads monotonic time on the scale of performance.now()', () => {
    for (let i = 0; i < 100; i++) {
      const before = performance.now()
      const monotonic = systemClock.monotonic()
      const after = performance.now()
      expect(monotonic).toBeGreaterThanOrEqual(before - TOLERANCE_MS)
      expect(monotonic).toBeLessThanOrEqual(after + TOLERANCE_MS)
    }
  })

  it('never goes backwards', () => {
    let previous = systemClock.monotonic()
    for (let i = 0; i < 1000; i++) {
      const next = systemClock.monotonic()
      expect(next).toBeGreaterThanOrEqual(previous)
      previous = next
    }
  })

  it('reads wall time as the time origin plus monotonic time', () => {
    const before = performance.timeOrigin + performance.now()
    const now = systemClock.now()
    const after = performance.timeOrigin + performance.now()
    expect(now).toBeGreaterThanOrEqual(before - TOLERANCE_MS)
    expect(now).toBeLessThanOrEqual(after + TOLERANCE_MS)
  })
})

describe('wallTimeAt', () => {
  it('turns a system-clock monotonic reading into the wall time of that instant', () => {
    const before = systemClock.now()
    const wall = wallTimeAt(systemClock, systemClock.monotonic())
    const after = systemClock.now()
    expect(wall).toBeGreaterThanOrEqual(before)
    expect(wall).toBeLessThanOrEqual(after)
  })

  it('asks any other clock for now()', () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1))
    clock.advance(1500)
    expect(wallTimeAt(clock, clock.monotonic())).toBe(Date.UTC(2026, 0, 1) + 1500)
    expect(wallTimeAt(clock, 0)).toBe(clock.now())
  })
})

describe('createManualClock', () => {
  it('tells when the next timer is due, and nothing once none is scheduled', () => {
    const clock = createManualClock()
    expect(clock.nextTimerAt()).toBeUndefined()
    const late = clock.setTimeout(() => {}, 30)
    clock.setInterval(() => {}, 20)
    expect(clock.nextTimerAt()).toBe(20)
    clock.advance(20)
    expect(clock.nextTimerAt()).toBe(30)
    clock.clearTimeout(late)
    expect(clock.nextTimerAt()).toBe(40)
  })

  it('counts pending one-shot and repeating timers apart', () => {
    const clock = createManualClock()
    clock.setTimeout(() => {}, 5)
    clock.setTimeout(() => {}, 10)
    clock.setInterval(() => {}, 10)
    expect(clock.pendingTimers()).toBe(3)
    expect(clock.pendingTimers('timeout')).toBe(2)
    expect(clock.pendingTimers('interval')).toBe(1)
    clock.advance(10)
    expect(clock.pendingTimers('timeout')).toBe(0)
    expect(clock.pendingTimers('interval')).toBe(1)
  })
})
