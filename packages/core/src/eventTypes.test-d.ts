import type {
  EventMeasurements,
  EventName,
  EventSelector,
  KnownSpanName,
  MetricName,
  SpanName,
} from '@foundation-telemetry/taxonomy'
import { describe, expectTypeOf, it } from 'vitest'
import type { AttachedEvents } from './eventTypes.ts'
import type { MetricSpec } from './metrics/types.ts'
import { attachTaxonomyMetrics } from './taxonomyMetrics.ts'
import { createTelemetry } from './telemetry.ts'
import type { Handler, Measurements, Metadata } from './types.ts'

const t = createTelemetry()

describe('name parameters list the taxonomy and accept any string', () => {
  it('keeps the taxonomy names as literals next to any string (what completion offers)', () => {
    // A plain `| string` would collapse the union to `string` and Extract would give never.
    expectTypeOf<
      Extract<EventName, 'foundation.circuit_breaker.state_change'>
    >().toEqualTypeOf<'foundation.circuit_breaker.state_change'>()
    expectTypeOf<
      Extract<EventSelector, 'foundation.circuit_breaker.*'>
    >().toEqualTypeOf<'foundation.circuit_breaker.*'>()
    expectTypeOf<Extract<SpanName, 'dspex.program.execution'>>().toEqualTypeOf<'dspex.program.execution'>()
    expectTypeOf<
      Extract<MetricName, 'dspex.program.executions'>
    >().toEqualTypeOf<'dspex.program.executions'>()
    expectTypeOf<'dspex.program.execution'>().toExtend<KnownSpanName>()
    expectTypeOf<'dspex.program.execution.stop'>().not.toExtend<KnownSpanName>()
  })

  it('types every name parameter with those unions', () => {
    expectTypeOf(t.startSpan).parameter(0).toEqualTypeOf<SpanName>()
    expectTypeOf(t.recordMetric).parameter(0).toEqualTypeOf<MetricName>()
    expectTypeOf(t.metrics.counter).parameter(0).toEqualTypeOf<MetricName>()
    expectTypeOf(t.metrics.upDownCounter).parameter(0).toEqualTypeOf<MetricName>()
    expectTypeOf(t.metrics.gauge).parameter(0).toEqualTypeOf<MetricName>()
    expectTypeOf(t.metrics.histogram).parameter(0).toEqualTypeOf<MetricName>()
    expectTypeOf(t.metrics.summary).parameter(0).toEqualTypeOf<MetricName>()
    expectTypeOf(t.metrics.windowStats).parameter(0).toEqualTypeOf<MetricName>()
  })

  it('accepts names outside the taxonomy everywhere', () => {
    t.execute('my_app.order.placed', { amount: 3 }, { order_id: 'o-1' })
    t.event('my_app.order.placed').execute({ amount: 3 })
    t.span('my_app.checkout', { cart: 'c-1' }, () => 1)
    t.startSpan('my_app.checkout').end()
    t.recordMetric('my_app.orders', 1, { region: 'eu' })
    t.metrics.counter('my_app.orders').add(1)
    t.attach('mine', 'my_app.order.placed', (event, measurements, metadata) => {
      expectTypeOf(event).toEqualTypeOf<'my_app.order.placed'>()
      expectTypeOf(measurements).toEqualTypeOf<Measurements>()
      expectTypeOf(metadata).toEqualTypeOf<Metadata>()
    })
    const dynamic: string = 'anything'
    t.execute(dynamic, { n: 1 }, {})
    t.attach('dyn', dynamic, (_event, measurements) =>
      expectTypeOf(measurements).toEqualTypeOf<Measurements>(),
    )
  })
})

describe('handlers attached to taxonomy names get typed arguments', () => {
  it('one name: measurements and metadata of that event', () => {
    t.attach('one', 'foundation.circuit_breaker.state_change', (event, measurements, metadata) => {
      expectTypeOf(event).toEqualTypeOf<'foundation.circuit_breaker.state_change'>()
      expectTypeOf(metadata.to).toEqualTypeOf<'closed' | 'open' | 'half_open'>()
      expectTypeOf(measurements).toEqualTypeOf<EventMeasurements<'foundation.circuit_breaker.state_change'>>()
      // @ts-expect-error: not a measurement of this event
      measurements.duration
    })
  })

  it('a list: checking `event` narrows the arguments', () => {
    t.attach(
      'list',
      ['dspex.program.execution.stop', 'foundation.circuit_breaker.state_change'],
      (event, measurements, metadata) => {
        if (event === 'dspex.program.execution.stop') {
          expectTypeOf(measurements.duration).toEqualTypeOf<number>()
          expectTypeOf(metadata.program_id).toEqualTypeOf<string>()
        } else {
          expectTypeOf(event).toEqualTypeOf<'foundation.circuit_breaker.state_change'>()
          expectTypeOf(metadata.to).toEqualTypeOf<'closed' | 'open' | 'half_open'>()
        }
      },
    )
  })

  it('a prefix pattern: the events under the prefix', () => {
    expectTypeOf<AttachedEvents<'foundation.circuit_breaker.*'>>().toEqualTypeOf<
      | 'foundation.circuit_breaker.state_change'
      | 'foundation.circuit_breaker.call.rejected'
      | 'foundation.circuit_breaker.fallback'
      | 'foundation.circuit_breaker.health_check'
      | 'foundation.circuit_breaker.call.start'
      | 'foundation.circuit_breaker.call.stop'
      | 'foundation.circuit_breaker.call.exception'
    >()
    t.attach('pattern', 'foundation.circuit_breaker.*', (event, measurements, metadata) => {
      if (event === 'foundation.circuit_breaker.call.stop')
        expectTypeOf(measurements.duration).toEqualTypeOf<number>()
      if (event === 'foundation.circuit_breaker.state_change')
        expectTypeOf(metadata.from).toEqualTypeOf<'closed' | 'open' | 'half_open'>()
    })
    // '*' and patterns over no known name stay untyped: they also deliver events the taxonomy does not know.
    expectTypeOf<AttachedEvents<'*'>>().toEqualTypeOf<string>()
    expectTypeOf<AttachedEvents<'my_app.*'>>().toEqualTypeOf<string>()
  })

  it('config and fewer arguments keep working', () => {
    t.attach(
      'config',
      'foundation.cache.hit',
      (_event, _m, metadata, config: { level: string }) => {
        expectTypeOf(metadata.cache).toEqualTypeOf<string>()
        expectTypeOf(config.level).toEqualTypeOf<string>()
      },
      { level: 'warn' },
    )
    t.attach('two', ['foundation.cache.hit', 'foundation.cache.miss'], (event, measurements) => {
      expectTypeOf(event).toEqualTypeOf<'foundation.cache.hit' | 'foundation.cache.miss'>()
      expectTypeOf(measurements).not.toBeAny()
    })
    t.attach('none', 'foundation.cache.*', () => {})
    const untyped: Handler = () => {}
    t.attach('untyped', ['foundation.cache.hit', 'mine.x'], untyped)
  })

  it('rejects a handler that reads a measurement the event does not have', () => {
    t.attach('wrong', 'foundation.cache.hit', (_event, measurements, _metadata) => {
      // @ts-expect-error: cache hits have no `tokens`
      return measurements.tokens
    })
  })
})

describe('span metadata is checked like execute', () => {
  it('takes the .start metadata of a taxonomy span operation', () => {
    t.span('dspex.program.execution', { program_id: 'qa' }, () => 1)
    // @ts-expect-error: program_id is a string
    t.span('dspex.program.execution', { program_id: 7 }, () => 1)
    // @ts-expect-error: program_id is required
    t.span('dspex.program.execution', { other: 'x' }, () => 1)
    t.span('dspex.program.execution', undefined, () => 1)
  })

  it('leaves other names open and still returns what fn returns', () => {
    expectTypeOf(t.span('my_app.step', { anything: [1] }, async () => 'x')).toEqualTypeOf<Promise<string>>()
  })

  it('takes a kind on startSpan', () => {
    t.startSpan('http.request', { kind: 1 })
  })
})

describe('declarative metrics take the same names', () => {
  it('names and events of t.metrics.define list the taxonomy and accept any string', () => {
    expectTypeOf<MetricSpec['name']>().toEqualTypeOf<MetricName>()
    expectTypeOf<MetricSpec['events']>().toEqualTypeOf<EventName | readonly EventName[] | undefined>()
    t.metrics.define([{ name: 'my_app.orders', kind: 'counter', events: 'my_app.order.placed' }])
  })

  it('attachTaxonomyMetrics overrides only taxonomy metrics', () => {
    attachTaxonomyMetrics(t, {
      layers: ['foundation'],
      overrides: { 'foundation.circuit_breaker.calls': false },
    })
    attachTaxonomyMetrics(t, {
      layers: ['foundation'],
      // @ts-expect-error: not a taxonomy metric, so there is nothing to override
      overrides: { 'foundation.circuit_breakers.call': false },
    })
  })
})
