import { describe, expect, it } from 'vitest'
import type { TelemetryError } from './errors.ts'
import { TelemetryErrorCode } from './errors.ts'
import { createPropagation } from './propagation.ts'
import type { SpanContext } from './types.ts'

const ACTIVE: SpanContext = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }

function setup(active: SpanContext | null = ACTIVE) {
  const errors: TelemetryError[] = []
  const p = createPropagation({ activeSpanContext: () => active ?? undefined, report: (e) => errors.push(e) })
  return { p, errors }
}

describe('createPropagation', () => {
  it('injects the active context, and extract reads back what inject wrote', () => {
    const { p, errors } = setup()
    const headers = p.inject({} as Record<string, string>)
    expect(headers.traceparent).toBe(`00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`)
    expect(p.extract(headers)).toMatchObject({ ...ACTIVE, isRemote: true })
    expect(errors).toEqual([])
  })

  it('injects a given span context instead of the active one', () => {
    const { p } = setup(null)
    const given = { ...ACTIVE, spanId: 'c'.repeat(16) }
    expect(p.inject({} as Record<string, string>, given).traceparent).toContain('c'.repeat(16))
  })

  it('with nothing active and nothing given, writes nothing and reports nothing', () => {
    const { p, errors } = setup(null)
    expect(p.inject({})).toEqual({})
    expect(errors).toEqual([])
  })

  it('reports, never throws: a non-object carrier, a bad context, a carrier that refuses writes', () => {
    const { p, errors } = setup()
    expect(p.inject(null as never)).toBeNull()
    expect(p.inject({}, { traceId: 'nope' } as never)).toEqual({})
    const frozen = Object.freeze({})
    expect(() => p.inject(frozen)).not.toThrow()
    expect(errors.map((e) => e.message)).toEqual([
      'inject: carrier must be an object',
      'inject: not a valid span or span context',
      'inject: carrier could not be written',
    ])
  })

  it('reports a malformed traceparent as an invalid context', () => {
    const { p, errors } = setup()
    expect(p.extract({ traceparent: 'garbage' })).toBeUndefined()
    expect(errors[0]?.code).toBe(TelemetryErrorCode.INVALID_CONTEXT)
  })

  it('bind reports a non-function and hands it back', () => {
    const { p, errors } = setup()
    expect(p.bind(42 as never)).toBe(42)
    expect(errors[0]?.details).toMatchObject({ api: 'bind' })
    const fn = () => 7
    expect(p.bind(fn)()).toBe(7)
  })
})
