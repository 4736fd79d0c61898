import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { msToHrTime } from './hrTime.ts'

describe('msToHrTime', () => {
  it('splits milliseconds into whole seconds and nanoseconds below one second (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 4e12, noNaN: true }), (ms) => {
        const [seconds, nanos] = msToHrTime(ms)
        expect(Number.isInteger(seconds) && Number.isInteger(nanos)).toBe(true)
        expect(nanos).toBeGreaterThanOrEqual(0)
        expect(nanos).toBeLessThan(1e9)
        expect(Math.abs(seconds * 1000 + nanos / 1e6 - ms)).toBeLessThanOrEqual(Math.max(1e-6, ms * 1e-15))
      }),
    )
  })

  it('gives zero for negative and non-finite input', () => {
    expect(msToHrTime(-1)).toEqual([0, 0])
    expect(msToHrTime(Number.NaN)).toEqual([0, 0])
    expect(msToHrTime(Number.POSITIVE_INFINITY)).toEqual([0, 0])
  })
})
