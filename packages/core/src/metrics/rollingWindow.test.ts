import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createManualClock } from '../manualClock.ts'
import { RollingWindow, WindowAccumulator } from './rollingWindow.ts'

function read(ring: RollingWindow, now: number): WindowAccumulator {
  const acc = new WindowAccumulator()
  ring.accumulate(acc, now)
  return acc
}

describe('RollingWindow', () => {
  it('sums, counts and bounds the values inside the window and forgets older ones', () => {
    const clock = createManualClock()
    const ring = new RollingWindow(60_000, 60, true, clock.now())
    ring.add(5, clock.now())
    clock.advance(30_000)
    ring.add(7, clock.now())
    ring.add(1, clock.now())
    let acc = read(ring, clock.now())
    expect([acc.count, acc.total(), acc.min, acc.max]).toEqual([3, 13, 1, 7])
    clock.advance(31_000)
    acc = read(ring, clock.now())
    expect([acc.count, acc.total(), acc.min, acc.max]).toEqual([2, 8, 1, 7])
    clock.advance(60_000)
    acc = read(ring, clock.now())
    expect(acc.count).toBe(0)
    expect(acc.quantile(0.5)).toBeNaN()
  })

  it('keeps memory fixed however many events arrive', () => {
    const clock = createManualClock()
    const ring = new RollingWindow(1_000, 10, false, clock.now())
    for (let i = 0; i < 100_000; i++) {
      ring.add(1, clock.now())
      clock.advance(1)
    }
    const acc = read(ring, clock.now())
    // 9 full buckets of 100 ms plus the current (empty, just rotated) one.
    expect(acc.count).toBe(900)
  })

  it('answers quantiles from per-bucket sketches', () => {
    const clock = createManualClock()
    const ring = new RollingWindow(10_000, 10, true, clock.now())
    for (let i = 1; i <= 1000; i++) {
      ring.add(i, clock.now())
      if (i % 100 === 0) clock.advance(900)
    }
    const p90 = read(ring, clock.now()).quantile(0.9)
    expect(Math.abs(p90 - 900) / 900).toBeLessThanOrEqual(0.01)
  })

  it('window sums equal the inputs inside the window, for random times on a manual clock', () => {
    const event = fc.record({
      dt: fc.integer({ min: 0, max: 5_000 }),
      value: fc.integer({ min: -1000, max: 1000 }),
    })
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 300 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 120_000 }),
        (events, buckets, tail) => {
          const clock = createManualClock()
          const window = 60_000
          const ring = new RollingWindow(window, buckets, false, clock.now())
          const seen: Array<{ t: number; value: number }> = []
          for (const { dt, value } of events) {
            clock.advance(dt)
            ring.add(value, clock.now())
            seen.push({ t: clock.now(), value })
          }
          clock.advance(tail)
          const now = clock.now()
          const width = window / buckets
          const oldest = Math.floor(now / width) - buckets + 1
          const inside = seen.filter((e) => Math.floor(e.t / width) >= oldest)
          const acc = read(ring, now)
          expect(acc.count).toBe(inside.length)
          expect(acc.total()).toBe(inside.reduce((s, e) => s + e.value, 0))
          if (inside.length > 0) {
            expect(acc.min).toBe(Math.min(...inside.map((e) => e.value)))
            expect(acc.max).toBe(Math.max(...inside.map((e) => e.value)))
          }
        },
      ),
    )
  })
})
