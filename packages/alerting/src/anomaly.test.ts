import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { seededRandom as random } from '../../../tooling/testing/seededRandom.ts'
import { createEwmaDetector, createMadDetector } from './anomaly.ts'
import { FlapGuard } from './flapGuard.ts'

/** A seeded random source (mulberry32), so every run sees the same noise. */
const noisy = (next: () => number, centre: number, spread: number) => centre + (next() - 0.5) * 2 * spread

describe.each([
  ['EWMA', () => createEwmaDetector({ triggerWindow: 5, triggerFraction: 0.6, recoveryWindow: 5 })],
  ['MAD', () => createMadDetector({ triggerWindow: 5, triggerFraction: 0.6, recoveryWindow: 5 })],
])('%s detector', (_name, make) => {
  it('stays normal on stationary noise with single spikes, and flags a sustained shift, then recovers', () => {
    const next = random(7)
    const detector = make()
    const states: string[] = []
    for (let i = 0; i < 300; i++) {
      const spike = i % 50 === 25 ? 500 : 0
      states.push(detector.update(noisy(next, 100, 5) + spike).state)
    }
    expect(states.every((s) => s === 'normal')).toBe(true)
    const shifted: string[] = []
    for (let i = 0; i < 8; i++) shifted.push(detector.update(noisy(next, 200, 5)).state)
    expect(shifted.slice(0, 2)).toEqual(['normal', 'normal'])
    expect(shifted.at(-1)).toBe('anomalous')
    const back: string[] = []
    for (let i = 0; i < 10; i++) back.push(detector.update(noisy(next, 100, 5)).state)
    expect(back.at(-1)).toBe('normal')
  })

  it('ignores non-finite values', () => {
    const detector = make()
    for (let i = 0; i < 30; i++) detector.update(10 + (i % 3))
    expect(detector.update(Number.NaN).anomalous).toBe(false)
    expect(detector.update(Number.POSITIVE_INFINITY).anomalous).toBe(false)
  })
})

describe('createMadDetector', () => {
  it('falls back to the mean absolute deviation when the MAD is zero', () => {
    const detector = createMadDetector({ warmup: 15, triggerWindow: 1, triggerFraction: 1 })
    for (let i = 0; i < 15; i++) detector.update(i === 3 ? 12 : 10) // MAD 0, mean deviation > 0
    expect(detector.update(10).anomalous).toBe(false)
    expect(detector.update(40).anomalous).toBe(true)
  })

  it('tracks the median of a stationary stream within a quarter of its spread (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        (seed, centre) => {
          const next = random(seed)
          const detector = createMadDetector()
          let last = detector.update(centre)
          for (let i = 0; i < 2000; i++) last = detector.update(noisy(next, centre, 10))
          // The estimate wanders with a standard deviation near 0.9 here (step 0.02 x the spread scale): 5 is about 6 of them.
          return Math.abs(last.expected - centre) < 5
        },
      ),
      { numRuns: 30 },
    )
  })
})

describe('FlapGuard', () => {
  it('triggers on the share of anomalous points and recovers only after a clean window (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 200 }), (points) => {
        const guard = new FlapGuard({
          triggerWindow: 4,
          triggerFraction: 0.75,
          recoveryWindow: 3,
          recoveryFraction: 0,
        })
        let state: 'normal' | 'anomalous' = 'normal'
        for (let i = 0; i < points.length; i++) {
          const verdict = guard.push(points[i]!)
          const lastTrigger = points.slice(Math.max(0, i - 3), i + 1)
          const lastRecovery = points.slice(Math.max(0, i - 2), i + 1)
          const expected: 'normal' | 'anomalous' =
            state === 'normal'
              ? i >= 3 && lastTrigger.filter(Boolean).length >= 3
                ? 'anomalous'
                : 'normal'
              : i >= 2 && lastRecovery.every((p) => !p)
                ? 'normal'
                : 'anomalous'
          if (verdict.state !== expected || verdict.changed !== (expected !== state)) return false
          state = expected
        }
        return true
      }),
    )
  })
})
