import {
  createManualClock,
  createTelemetry,
  systemClock,
  type TelemetryError,
} from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { spanCollector } from '../test/spanCollector.ts'
import { readTailOptions } from './tailOptions.ts'
import { probabilityToThreshold } from './threshold.ts'

function telemetry() {
  const errors: TelemetryError[] = []
  const t = createTelemetry({ service: 'tail', onError: (e) => errors.push(e) })
  return { t, errors }
}

describe('readTailOptions', () => {
  it('uses the documented defaults for options not given', () => {
    const next = spanCollector()
    const config = readTailOptions({ next })
    expect(config).toMatchObject({
      telemetry: undefined,
      next,
      waitMs: 1000,
      maxAgeMs: 30_000,
      maxBytes: 16 * 1024 * 1024,
      rules: [],
      cacheSize: 10_000,
      settings: { keepErrors: true, latencyMs: undefined, probability: 0.1 },
    })
    expect(config.clock).toBe(systemClock)
    expect(config.settings.ownThreshold).toEqual(probabilityToThreshold(0.1))
  })

  it('reads the options given', () => {
    const { t, errors } = telemetry()
    const clock = createManualClock()
    const config = readTailOptions({
      next: spanCollector(),
      telemetry: t,
      clock,
      decisionWait: 0,
      maxTraceAge: 10,
      maxBufferBytes: 2048,
      keepErrors: false,
      latencyThresholdMs: 250,
      attributes: [{ key: 'tier', values: 'gold' }],
      probability: 1,
      decisionCacheSize: 5,
    })
    expect(config).toMatchObject({
      telemetry: t,
      clock,
      waitMs: 0,
      maxAgeMs: 10,
      maxBytes: 2048,
      rules: [{ name: 'attribute', key: 'tier', values: ['gold'] }],
      cacheSize: 5,
      settings: { keepErrors: false, latencyMs: 250, probability: 1 },
    })
    expect(errors).toEqual([])
  })

  it('falls back to the default for numbers out of range, and to a processor that drops for an unusable next', async () => {
    const config = readTailOptions({
      next: { onEnd() {} },
      decisionWait: -1,
      maxTraceAge: Number.POSITIVE_INFINITY,
      maxBufferBytes: Number.NaN,
      probability: 2,
    })
    expect([config.waitMs, config.maxAgeMs, config.maxBytes, config.settings.probability]).toEqual([
      1000,
      30_000,
      16 * 1024 * 1024,
      0.1,
    ])
    expect(() => config.next.onEnd({} as never)).not.toThrow()
    await expect(config.next.shutdown()).resolves.toBeUndefined()
  })

  it('names every unusable option in one report to the telemetry given', () => {
    const { t, errors } = telemetry()
    readTailOptions({ next: 'nowhere', telemetry: t, clock: 'not a clock', attributes: 'tier' })
    expect(errors.map((e) => [e.details.api, e.details.option])).toEqual([
      ['createTailSampler', 'clock,next,attributes'],
    ])
  })
})
