import { createManualClock, type TelemetryError } from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { resolveAdjustments } from './adjustments.ts'
import { LoadWatch } from './loadWatch.ts'
import type { SamplerAdjustments } from './types.ts'

function setup(load: NonNullable<SamplerAdjustments['load']>) {
  const clock = createManualClock()
  const errors: TelemetryError[] = []
  let refreshes = 0
  let ticks = 0
  const book = { load: 1, refreshAll: () => refreshes++ }
  const watch = new LoadWatch(
    clock,
    resolveAdjustments({ load }),
    book,
    (e) => errors.push(e),
    () => ticks++,
  )
  return { clock, book, watch, errors, counts: () => ({ refreshes, ticks }) }
}

describe('LoadWatch', () => {
  it("sets the book's load factor on each tick and refreshes only when the factor moved", () => {
    let load = 0.9
    const { clock, book, counts } = setup({ source: () => load, interval: 250 })
    clock.advance(250)
    expect(book.load).toBe(0.5)
    expect(counts()).toEqual({ refreshes: 1, ticks: 1 })
    clock.advance(250)
    expect(counts()).toEqual({ refreshes: 1, ticks: 2 })
    load = 0.7
    clock.advance(250)
    expect(book.load).toBe(0.7)
    expect(counts()).toEqual({ refreshes: 2, ticks: 3 })
  })

  it('reads a failing or non-numeric source as no load, reporting the failure', () => {
    let read: () => unknown = () => {
      throw new Error('no load')
    }
    const { clock, book, errors } = setup({ source: () => read() as number })
    book.load = 0.5
    clock.advance(1000)
    expect(book.load).toBe(1)
    expect(errors.map((e) => [e.code, e.message, e.details.handler_id])).toEqual([
      ['handler_failure', 'sampler: the load source failed', 'sampler.load'],
    ])
    book.load = 0.5
    read = () => 'busy'
    clock.advance(1000)
    expect(book.load).toBe(1)
    expect(errors).toHaveLength(1)
  })

  it('still ticks (the metrics flush) when the load adjustment is off', () => {
    const { clock, book, counts } = setup(false)
    clock.advance(1000)
    expect(book.load).toBe(1)
    expect(counts()).toEqual({ refreshes: 0, ticks: 1 })
  })

  it('stops ticking once stopped, however often stopped', () => {
    const { clock, watch, counts } = setup(false)
    watch.stop()
    watch.stop()
    clock.advance(5000)
    expect(counts().ticks).toBe(0)
    expect(clock.pendingTimers('interval')).toBe(0)
  })
})
