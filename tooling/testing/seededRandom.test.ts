import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { seededRandom } from './seededRandom.ts'

describe('seededRandom', () => {
  it('repeats the same sequence for the same seed, within [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = seededRandom(seed)
        const b = seededRandom(seed)
        for (let i = 0; i < 20; i++) {
          const value = a()
          if (value !== b() || value < 0 || value >= 1) return false
        }
        return true
      }),
    )
  })

  it('gives mulberry32 values, so seeds recorded in other tests keep their sequences', () => {
    const random = seededRandom(1)
    expect([random(), random(), random()]).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ])
  })
})
