import { describe, expect, it } from 'vitest'
import type { TelemetryError } from './errors.ts'
import { readOptions, readSampler, unreadableOptions } from './telemetryOptions.ts'

describe('readOptions', () => {
  it('copies the known options that are set, and nothing else', () => {
    const { opts, unreadable } = readOptions({ service: 's', enrich: false, layer: undefined, extra: 1 })
    expect(opts).toEqual({ service: 's', enrich: false })
    expect(unreadable).toBeUndefined()
  })

  it('gives the defaults and the error for options whose properties throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no')
        },
      },
    )
    const { opts, unreadable } = readOptions(hostile)
    expect(opts).toEqual({})
    expect((unreadable as Error).message).toBe('no')
    expect(unreadableOptions(unreadable).details).toMatchObject({ api: 'createTelemetry' })
  })

  it('reads a non-object as no options', () => {
    expect(readOptions(7)).toEqual({ opts: {} })
  })
})

describe('readSampler', () => {
  it('keeps a sampler with shouldSample, reports anything else and samples everything', () => {
    const errors: TelemetryError[] = []
    const sampler = { shouldSample: () => ({ sampled: true }) }
    expect(readSampler(sampler, (e) => errors.push(e))).toBe(sampler)
    expect(readSampler(undefined, (e) => errors.push(e))).toBeUndefined()
    expect(errors).toEqual([])
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no')
        },
      },
    )
    for (const bad of [{}, 'x', hostile]) expect(readSampler(bad, (e) => errors.push(e))).toBeUndefined()
    expect(errors).toHaveLength(3)
  })
})
