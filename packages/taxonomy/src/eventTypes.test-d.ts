import { describe, expectTypeOf, it } from 'vitest'
import type {
  EventMeasurements,
  EventMetadata,
  Measurements,
  Metadata,
  TaxonomyEventName,
  TelemetryEventMap,
} from './index.ts'
import { isTaxonomyEvent } from './index.ts'

// Core's signature, declared locally so these tests do not depend on core being built.
declare function execute<TName extends string>(
  event: TName,
  measurements?: EventMeasurements<TName>,
  metadata?: EventMetadata<TName>,
): void

declare module './index.ts' {
  interface TelemetryEventMap {
    'shop.order.placed': { measurements: { amount: number }; metadata: { order_id: string } }
  }
}

describe('taxonomy event typing', () => {
  it('accepts the right shapes, with extra metadata keys', () => {
    execute(
      'foundation.circuit_breaker.state_change',
      {},
      { name: 'payments', from: 'closed', to: 'open', reason: 'threshold', custom_key: { any: 1 } },
    )
    execute(
      'foundation_jido.coordination.auction.bid_received',
      { bid_value: 0.4 },
      {
        auction_id: 'a1',
        agent_id: 'agent-7',
      },
    )
    execute(
      'dspex.llm.request.stop',
      { duration: 812.5, monotonic_time: 1000, input_tokens: 12 },
      {
        model: 'gpt-4o',
        provider: 'openai',
        trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      },
    )
  })

  it('rejects a wrong metadata value on a known key', () => {
    // @ts-expect-error 'half-open' is not a breaker state (it is 'half_open')
    execute('foundation.circuit_breaker.state_change', {}, { name: 'p', from: 'closed', to: 'half-open' })
    // @ts-expect-error agent_id is a string
    execute('foundation_jido.task.started', {}, { task_id: 't', task_type: 'x', agent_id: 7 })
    // @ts-expect-error common keys are typed too: trace_id is a string
    execute('foundation.cache.hit', {}, { cache: 'c', trace_id: 42 })
  })

  it('rejects missing required metadata', () => {
    // @ts-expect-error `to` is required
    execute('foundation.circuit_breaker.state_change', {}, { name: 'p', from: 'closed' })
    const timing = { duration: 1, monotonic_time: 2 }
    // @ts-expect-error span exception metadata needs the start metadata (`key`)
    execute('foundation.process_registry.register.exception', timing, { kind: 'TypeError', reason: 'x' })
  })

  it('keeps measurements exact', () => {
    // @ts-expect-error unknown measurement key
    execute('foundation.runtime.gc', { duration: 1, pause: 2 }, { kind: 'major' })
    // @ts-expect-error measurements are numbers
    execute('foundation.runtime.gc', { duration: '1' }, { kind: 'major' })
    // @ts-expect-error stop needs duration and monotonic_time
    execute('dspex.tool.call.stop', { duration: 3 }, { tool_name: 'search' })
    // @ts-expect-error optional measurements are exact too: no undefined
    execute('foundation.cache.hit', { duration: undefined }, { cache: 'c' })
  })

  it('lets optional metadata be undefined', () => {
    execute('foundation.cache.hit', {}, { cache: 'c', key: undefined })
  })

  it('leaves names outside the taxonomy untyped', () => {
    execute('my_app.thing.happened', { anything: 1 }, { whatever: { nested: true } })
    const dynamic: string = 'foundation.cache.hit'
    execute(dynamic, { x: 1 }, { y: 'z' })
    expectTypeOf<EventMeasurements<'my_app.thing.happened'>>().toEqualTypeOf<Measurements>()
    expectTypeOf<EventMetadata<string>>().toEqualTypeOf<Metadata>()
  })

  it('types span-derived names and the seed `.complete` names', () => {
    expectTypeOf<'foundation.process_registry.register.start'>().toExtend<TaxonomyEventName>()
    expectTypeOf<'foundation.process_registry.register.complete'>().toExtend<TaxonomyEventName>()
    expectTypeOf<'dspex.optimization.iteration.stop'>().toExtend<TaxonomyEventName>()
    expectTypeOf<'foundation_jido.coordination.auction.complete'>().toExtend<TaxonomyEventName>()
    // lookup has no seed `.complete`
    expectTypeOf<'foundation.process_registry.lookup.complete'>().not.toExtend<TaxonomyEventName>()
    expectTypeOf<EventMeasurements<'dspex.program.execution.stop'>>().toEqualTypeOf<{
      duration: number
      monotonic_time: number
      output_quality?: number
    }>()
    expectTypeOf<EventMetadata<'dspex.program.execution.exception'>['kind']>().toEqualTypeOf<string>()
  })

  it('accepts declaration-merged events', () => {
    execute('shop.order.placed', { amount: 3 }, { order_id: 'o-1' })
    // @ts-expect-error merged events are typed like taxonomy ones
    execute('shop.order.placed', { amount: 3 }, { order_id: 1 })
    expectTypeOf<TelemetryEventMap['shop.order.placed']['measurements']>().toEqualTypeOf<{ amount: number }>()
  })

  it('gives core assignable shapes: typed measurements are plain records', () => {
    expectTypeOf<EventMeasurements<'foundation.runtime.sample'>>().toExtend<Measurements>()
    expectTypeOf<EventMetadata<'foundation.runtime.gc'>>().toExtend<Metadata>()
    // The generic form core implements against must also be assignable.
    function forward<TName extends string>(
      measurements: EventMeasurements<TName>,
      metadata: EventMetadata<TName>,
    ): [Measurements, Metadata] {
      return [measurements, metadata]
    }
    expectTypeOf(forward<'foundation.cache.hit'>).returns.toEqualTypeOf<[Measurements, Metadata]>()
  })

  it('narrows with isTaxonomyEvent', () => {
    const name: string = 'foundation.cache.miss'
    if (isTaxonomyEvent(name)) expectTypeOf(name).toEqualTypeOf<TaxonomyEventName>()
  })
})
