import { describe, expect, it } from 'vitest'
import { quantileName } from './quantileName.ts'

describe('quantileName', () => {
  it('appends the quantile as a percentage', () => {
    expect(quantileName('dspex.program.duration', 0.5)).toBe('dspex.program.duration.p50')
    expect(quantileName('checkout.latency', 0.99)).toBe('checkout.latency.p99')
    expect(quantileName('checkout.latency', 0.999)).toBe('checkout.latency.p99.9')
  })
})
