import type { SpanContext as OtelSpanContext } from '@opentelemetry/api'
import { describe, expectTypeOf, it } from 'vitest'
import { createTelemetry } from './telemetry.ts'
import type { Span, SpanContext, TelemetryEvent } from './types.ts'

const t = createTelemetry()

describe('types', () => {
  it('types taxonomy events and leaves other names open', () => {
    t.execute('foundation.circuit_breaker.state_change', {}, { name: 'payments', from: 'closed', to: 'open' })
    const change = { name: 'payments', from: 'closed', to: 'sideways' } as const
    // @ts-expect-error: `to` must be a breaker state
    t.execute('foundation.circuit_breaker.state_change', {}, change)
    t.execute('my_app.anything.goes', { n: 1 }, { whatever: [1, 2] })
  })

  it('span returns what fn returns, sync or async', () => {
    expectTypeOf(t.span('a', {}, () => 1)).toEqualTypeOf<number>()
    expectTypeOf(t.span('a', {}, async () => 'x')).toEqualTypeOf<Promise<string>>()
    expectTypeOf(t.span('a', undefined, (span) => span)).toEqualTypeOf<Span>()
  })

  it("spanContext() has OpenTelemetry's shape", () => {
    expectTypeOf<Pick<SpanContext, 'traceId' | 'spanId' | 'traceFlags'>>().toExtend<
      Pick<OtelSpanContext, 'traceId' | 'spanId' | 'traceFlags'>
    >()
  })

  it('attach passes the config type to the handler', () => {
    t.attach('h', 'e', (_event, _m, _md, config: { level: string }) => config.level, { level: 'warn' })
    expectTypeOf(t.attach('h', ['a', 'b.*'], () => {})).toEqualTypeOf<() => void>()
  })
})

describe('event handles', () => {
  it('type measurements and metadata from the taxonomy', () => {
    const change = t.event('foundation.circuit_breaker.state_change')
    expectTypeOf(change.name).toEqualTypeOf<'foundation.circuit_breaker.state_change'>()
    change.execute({}, { name: 'payments', from: 'closed', to: 'open' })
    // @ts-expect-error: `to` must be a breaker state
    change.execute({}, { name: 'payments', from: 'closed', to: 'sideways' })
    expectTypeOf(change).toEqualTypeOf<TelemetryEvent<'foundation.circuit_breaker.state_change'>>()
    t.event('my_app.anything.goes').execute({ n: 1 }, { whatever: [1, 2] })
    expectTypeOf(t.event('my_app.x').hasHandlers()).toEqualTypeOf<boolean>()
  })
})
