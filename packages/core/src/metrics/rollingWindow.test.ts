import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createManualClock } from '../manualClock.ts'
import { RollingWindow, WindowAccumulator } from './rollingWindow.ts'

function read(ring: RollingWindow, now: number): WindowAccumulator {
  const acc = new WindowAccumulator()
  ring.accumulate(acc, now)
  return acc
}

type Seen = { t: number; value: number }

/** The model of a window of `buckets` buckets over `window` ms: the values whose bucket is among the newest at `now`. */
function insideWindow(seen: Seen[], now: number, window: number, buckets: number): Seen[] {
  const width = window / buckets
  const oldest = Math.floor(now / width) - buckets + 1
  return seen.filter((e) => Math.floor(e.t / width) >= oldest)
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

  it('a clock stepping back records into the newest bucket instead of overwriting it', () => {
    const clock = createManualClock()
    let skew = 0
    // A wall clock that an NTP step or a user-supplied clock can move backwards.
    const now = () => clock.now() + skew
    const ring = new RollingWindow(60_000, 60, true, now())
    clock.advance(30_000)
    ring.add(2, now())
    clock.advance(30_000)
    ring.add(3, now())
    const latest = now()
    // 90 s back lands on the ring slot of the value recorded 30 s before `latest`, and 60 s back
    // on the slot of `latest` itself: neither may be overwritten by the older time.
    skew = -90_000
    ring.add(5, now())
    skew = -60_000
    ring.add(7, now())
    let acc = read(ring, latest)
    expect([acc.count, acc.total(), acc.min, acc.max]).toEqual([4, 17, 2, 7])
    // Read at the stepped-back time too: the newest bucket is still part of the window.
    acc = read(ring, now())
    expect([acc.count, acc.total()]).toEqual([4, 17])
    skew = 0
    clock.advance(60_000)
    expect(read(ring, now()).count).toBe(0)
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
          const seen: Seen[] = []
          for (const { dt, value } of events) {
            clock.advance(dt)
            ring.add(value, clock.now())
            seen.push({ t: clock.now(), value })
          }
          clock.advance(tail)
          const now = clock.now()
          const inside = insideWindow(seen, now, window, buckets)
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

  it('with time stepping back, window sums equal the inputs with time held at its latest value', () => {
    const event = fc.record({
      dt: fc.integer({ min: -90_000, max: 5_000 }),
      value: fc.integer({ min: -1000, max: 1000 }),
    })
    fc.assert(
      fc.property(fc.array(event, { maxLength: 300 }), fc.integer({ min: 1, max: 30 }), (events, buckets) => {
        const start = Date.UTC(2026, 0, 1)
        const window = 60_000
        const ring = new RollingWindow(window, buckets, false, start)
        let time = start
        // The model: a step back counts as no step, so each value lands at the latest time seen.
        let latest = start
        const seen: Seen[] = []
        for (const { dt, value } of events) {
          time += dt
          ring.add(value, time)
          latest = Math.max(latest, time)
          seen.push({ t: latest, value })
        }
        const inside = insideWindow(seen, latest, window, buckets)
        const acc = read(ring, time)
        expect(acc.count).toBe(inside.length)
        expect(acc.total()).toBe(inside.reduce((s, e) => s + e.value, 0))
      }),
    )
  })
})
