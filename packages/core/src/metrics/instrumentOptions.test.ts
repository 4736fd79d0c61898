import { describe, expect, it } from 'vitest'
import type { TelemetryError } from '../errors.ts'
import { createManualClock } from '../manualClock.ts'
import { DEFAULT_QUANTILES } from './defaultBuckets.ts'
import { createEngineContext } from './engineContext.ts'
import {
  DEFAULT_AGE_BUCKETS,
  DEFAULT_SUMMARY_WINDOW,
  finiteAtLeast,
  gaugeCallbackOption,
  histogramOptions,
  resolveConfig,
  summaryOptions,
} from './instrumentOptions.ts'

function context() {
  const errors: TelemetryError[] = []
  return {
    ctx: createEngineContext(
      createManualClock(),
      (e) => errors.push(e),
      () => undefined,
    ),
    errors,
  }
}

describe('instrument options', () => {
  it('histogram buckets: explicit, else the taxonomy advice, else defaults; a bad list is reported', () => {
    const { ctx, errors } = context()
    const advised = resolveConfig(
      ctx,
      'h',
      {},
      { name: 'h', kind: 'histogram', unit: 'ms', description: 'h', tagKeys: [], buckets: [1, 2] },
    )
    expect(histogramOptions(ctx, advised, {}).buckets).toEqual([1, 2])
    expect(histogramOptions(ctx, advised, { buckets: [5] }).buckets).toEqual([5])
    expect(histogramOptions(ctx, advised, { buckets: [2, 1] }).buckets).toEqual([1, 2])
    expect(errors.map((e) => e.details?.option)).toEqual(['buckets'])
    expect(histogramOptions(ctx, advised, { sketch: false })).toMatchObject({ sketch: false })
    expect(histogramOptions(ctx, advised, {})).toMatchObject({ sketch: true, quantiles: DEFAULT_QUANTILES })
  })

  it('summary window and age buckets fall back to their defaults on bad values, each reported', () => {
    const { ctx, errors } = context()
    expect(summaryOptions(ctx, 's', {})).toEqual({
      window: DEFAULT_SUMMARY_WINDOW,
      ageBuckets: DEFAULT_AGE_BUCKETS,
      quantiles: DEFAULT_QUANTILES,
    })
    expect(summaryOptions(ctx, 's', { window: 1000, ageBuckets: 3, quantiles: [0.5] })).toEqual({
      window: 1000,
      ageBuckets: 3,
      quantiles: [0.5],
    })
    summaryOptions(ctx, 's', { window: 0, ageBuckets: 1.5, quantiles: [2] })
    expect(errors.map((e) => e.details?.option)).toEqual(['window', 'ageBuckets', 'quantiles'])
  })

  it('a finite lower-bounded number option, and a gauge callback that must be a function', () => {
    const { ctx, errors } = context()
    expect(finiteAtLeast(ctx, 'm', 'interval', 1, 1, 10)).toBe(1)
    expect(finiteAtLeast(ctx, 'm', 'interval', 0.5, 1, 10)).toBe(10)
    expect(finiteAtLeast(ctx, 'm', 'interval', Number.POSITIVE_INFINITY, 1, 10)).toBe(10)
    const callback = () => 1
    expect(gaugeCallbackOption(ctx, 'g', callback)).toBe(callback)
    expect(gaugeCallbackOption(ctx, 'g', 'nope')).toBeUndefined()
    expect(errors.map((e) => e.details?.option)).toEqual(['interval', 'interval', 'callback'])
  })
})
