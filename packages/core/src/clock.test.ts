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
