import { createManualClock, createTelemetry } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import type { EventBatcherOptions as Options } from './eventBatcher.ts'
import { readEmitterOptions } from './readOptions.ts'

const KEYS = ['telemetry', 'clock', 'maxSize'] as const

describe('readEmitterOptions', () => {
  it('gives nothing without a telemetry instance (the helper is inert)', () => {
    expect(readEmitterOptions<Options>({ maxSize: 1 }, KEYS)).toBeUndefined()
    expect(readEmitterOptions<Options>(undefined, KEYS)).toBeUndefined()
  })

  it("reads the options, takes the telemetry's clock by default and names no problem", () => {
    const clock = createManualClock()
    const telemetry = createTelemetry({ service: 's', clock })
    const read = readEmitterOptions<Options>({ telemetry, maxSize: 3 }, KEYS)!
    expect(read.options.maxSize).toBe(3)
    expect([read.telemetry, read.clock, read.problems]).toEqual([telemetry, clock, []])
  })

  it('names an unusable clock and an unreadable key, keeping the rest', () => {
    const clock = createManualClock()
    const telemetry = createTelemetry({ service: 's', clock })
    const options = {
      telemetry,
      clock: 'not a clock',
      get maxSize(): number {
        throw new Error('no')
      },
    }
    const read = readEmitterOptions<Options>(options, KEYS)!
    expect([read.clock, read.problems]).toEqual([clock, ['maxSize', 'clock']])
  })
})
