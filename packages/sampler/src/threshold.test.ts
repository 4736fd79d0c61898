import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  keepsAt,
  padThreshold,
  probabilityToThreshold,
  thresholdToAdjustedCount,
  thresholdToProbability,
} from './threshold.ts'

describe('probabilityToThreshold', () => {
  it('encodes the specification table at 4 digits of precision', () => {
    const table: Array<[number, string]> = [
      [1, '0'],
      [0.5, '8'],
      [1 / 3, 'aaab'],
      [0.25, 'c'],
      [0.2, 'cccd'],
      [0.125, 'e'],
      [0.1, 'e666'],
      [0.0625, 'f'],
      [0.01, 'fd70a'],
      [0.001, 'ffbe77'],
      [0.0001, 'fff9724'],
      [0.00001, 'ffff583a'],
      [0.000001, 'ffffef39'],
    ]
    for (const [p, th] of table) expect([p, probabilityToThreshold(p)]).toEqual([p, th])
  })

  it('gives the 3- and 5-digit columns of the table too', () => {
    expect(probabilityToThreshold(0.1, 3)).toBe('e66')
    expect(probabilityToThreshold(0.1, 5)).toBe('e6666')
    expect(probabilityToThreshold(0.01, 3)).toBe('fd71')
    expect(probabilityToThreshold(0.001, 5)).toBe('ffbe76d')
  })

  it('has no threshold for zero or NaN: never is not a probability', () => {
    expect(probabilityToThreshold(0)).toBeUndefined()
    expect(probabilityToThreshold(Number.NaN)).toBeUndefined()
  })

  it('round-trips to the probability within the precision, and to the adjusted count', () => {
    expect(thresholdToProbability('c')).toBe(0.25)
    expect(thresholdToAdjustedCount('c')).toBe(4)
    expect(thresholdToAdjustedCount('e666')).toBeCloseTo(9.99939, 4)
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1, noNaN: true }), (p) => {
        const th = probabilityToThreshold(p) as string
        expect(Math.abs(thresholdToProbability(th) - p) / p).toBeLessThan(1e-3)
      }),
    )
  })
})

/** R >= T computed on 56-bit integers, the specification's definition. */
function reference(traceId: string, th: string): boolean {
  return BigInt(`0x${traceId.slice(18)}`) >= BigInt(`0x${padThreshold(th)}`)
}

const hexId = fc.stringMatching(/^[0-9a-f]{32}$/)

describe('keepsAt', () => {
  it('keeps iff the trace id low 56 bits are >= the threshold', () => {
    fc.assert(
      fc.property(hexId, fc.stringMatching(/^[0-9a-f]{1,14}$/), (id, th) => {
        expect(keepsAt(id, 18, padThreshold(th))).toBe(reference(id, th))
      }),
    )
  })

  it('keeps at every p2 >= p1 a trace kept at p1 (consistency)', () => {
    fc.assert(
      fc.property(
        hexId,
        fc.double({ min: 1e-9, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (id, p1, f) => {
          const p2 = p1 + (1 - p1) * f
          const t1 = padThreshold(probabilityToThreshold(p1) as string)
          const t2 = padThreshold(probabilityToThreshold(p2) as string)
          if (keepsAt(id, 18, t1)) expect(keepsAt(id, 18, t2)).toBe(true)
        },
      ),
    )
  })

  it('reads upper-case ids as lower-case', () => {
    const id = '0af7651916cd43dd8448eb211c80319c'
    for (const th of ['c', '8', 'fd70a', '0'])
      expect(keepsAt(id.toUpperCase(), 18, padThreshold(th))).toBe(keepsAt(id, 18, padThreshold(th)))
  })
})
