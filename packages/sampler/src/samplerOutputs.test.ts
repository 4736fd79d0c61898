import {
  createManualClock,
  createTelemetry,
  type EventSamplerLink,
  type TelemetryError,
} from '@foundation-telemetry/core'
import { describe, expect, it } from 'vitest'
import { NameState } from './nameState.ts'
import { Rule } from './rule.ts'
import { MAX_PENDING_ERRORS, SamplerOutputs } from './samplerOutputs.ts'
import type { ReservoirItem } from './types.ts'

function instance() {
  const errors: TelemetryError[] = []
  const delivered: [string, number][] = []
  const telemetry = createTelemetry({ enrich: false, onError: (e) => errors.push(e) })
  const link: EventSamplerLink = {
    telemetry,
    deliverSampled: (event, _m, _md, adjustedCount) => delivered.push([event, adjustedCount]),
  }
  const seen = () =>
    telemetry.metrics
      .collect()
      .find((m) => m.name === 'telemetry.sampler.seen')
      ?.series.map((s) => [s.tags, s.value])
  return { telemetry, link, errors, delivered, seen }
}

const item = (event: string, adjustedCount: number): ReservoirItem => ({
  event,
  measurements: {},
  metadata: {},
  adjustedCount,
})

describe('SamplerOutputs', () => {
  it('tells a problem to onError and every connected instance', () => {
    const heard: TelemetryError[] = []
    const outputs = new SamplerOutputs({ onError: (e) => heard.push(e) }, () => [])
    const a = instance()
    outputs.connect(a.link)
    outputs.invalid('bad rule', { pattern: 'x.*' })
    expect(heard.map((e) => e.message)).toEqual(['sampler: bad rule'])
    expect(a.errors.map((e) => [e.message, e.details])).toEqual([
      ['sampler: bad rule', { api: 'sampler', pattern: 'x.*' }],
    ])
  })

  it('keeps problems nobody heard, up to a bound, for the first instance that connects', () => {
    const outputs = new SamplerOutputs({}, () => [])
    for (let i = 0; i < MAX_PENDING_ERRORS + 5; i++) outputs.invalid(`problem ${i}`, {})
    const a = instance()
    outputs.connect(a.link)
    expect(a.errors).toHaveLength(MAX_PENDING_ERRORS)
    expect(a.errors[0]?.message).toBe('sampler: problem 0')
    const b = instance()
    outputs.connect(b.link)
    expect(b.errors).toEqual([])
  })

  it('records metrics once per instance however often it connects, and flushes on disconnect', () => {
    const state = new NameState(
      'app.step',
      new Rule('*', { strategy: 'always' }, createManualClock(), Math.random),
    )
    const outputs = new SamplerOutputs({}, () => [state])
    const a = instance()
    const first = outputs.connect(a.link)
    const again = outputs.connect({ ...a.link })
    state.seen = 3
    outputs.flushMetrics()
    expect(a.seen()).toEqual([[{ event: 'app.step' }, 3]])
    state.seen = 5
    again()
    expect(a.seen()).toEqual([[{ event: 'app.step' }, 3]])
    first()
    expect(a.seen()).toEqual([[{ event: 'app.step' }, 5]])
  })

  it('stops telling an instance after its disconnect', () => {
    const outputs = new SamplerOutputs({}, () => [])
    const a = instance()
    const disconnect = outputs.connect(a.link)
    disconnect()
    outputs.invalid('later', {})
    outputs.deliverSample([item('a', 2)])
    expect(a.errors).toEqual([])
    expect(a.delivered).toEqual([])
  })

  it('delivers a sample to every instance, then to onReservoir', () => {
    const got: (readonly ReservoirItem[])[] = []
    const outputs = new SamplerOutputs({ onReservoir: (items) => got.push(items) }, () => [])
    const a = instance()
    const b = instance()
    outputs.connect(a.link)
    outputs.connect(b.link)
    const sample = [item('a', 2), item('b', 4)]
    outputs.deliverSample(sample)
    expect(a.delivered).toEqual([
      ['a', 2],
      ['b', 4],
    ])
    expect(b.delivered).toEqual(a.delivered)
    expect(got).toEqual([sample])
  })

  it('reports a failing onReservoir as a handler failure and goes on', () => {
    const heard: TelemetryError[] = []
    const outputs = new SamplerOutputs(
      {
        onError: (e) => heard.push(e),
        onReservoir: () => {
          throw new Error('boom')
        },
      },
      () => [],
    )
    outputs.deliverSample([item('a', 1)])
    expect(heard.map((e) => [e.code, e.message, e.details.handler_id])).toEqual([
      ['handler_failure', 'sampler: onReservoir failed', 'sampler.onReservoir'],
    ])
  })
})
