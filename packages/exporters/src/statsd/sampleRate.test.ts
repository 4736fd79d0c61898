import type { TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { createSampleRateReader } from './sampleRate.ts'

describe('createSampleRateReader', () => {
  it('passes a rate in 0..1 through and reads anything else as 1', () => {
    const rates = createSampleRateReader(undefined, 'statsd')
    expect([0, 0.25, 1].map(rates.read)).toEqual([0, 0.25, 1])
    expect([-0.1, 1.5, Number.NaN, '0.5'].map(rates.read)).toEqual([1, 1, 1, 1])
  })

  it('reports the first bad rate of each interval as invalid input', () => {
    const errors: TelemetryError[] = []
    const rates = createSampleRateReader(
      { reportError: (e) => void errors.push(e as TelemetryError) },
      'statsd',
    )
    rates.read(2)
    rates.read(3)
    expect(errors.map((e) => [e.code, e.details?.sampleRate])).toEqual([['invalid_input', 2]])
    rates.newInterval()
    rates.read(-1)
    expect(errors.map((e) => e.details?.sampleRate)).toEqual([2, -1])
  })
})
