import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TelemetryErrorCode } from './errors.ts'
import { createTelemetry } from './telemetry.ts'
import { extractContext, formatTraceparent, parseTraceparent, parseTracestate } from './traceparent.ts'
import type { SpanContext } from './types.ts'

const TRACE = '0af7651916cd43dd8448eb211c80319c'
const SPAN = 'b7ad6b7169203331'
const VALID = `00-${TRACE}-${SPAN}-01`

describe('parseTraceparent', () => {
  it('reads a valid version-00 header', () => {
    expect(parseTraceparent(VALID)).toEqual({ traceId: TRACE, spanId: SPAN, traceFlags: 1, isRemote: true })
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)?.traceFlags).toBe(0)
  })

  it('accepts a later version with extra fields, reading the version-00 part', () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01-future`)?.spanId).toBe(SPAN)
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-01`)?.spanId).toBe(SPAN)
  })

  const invalid: Array<[string, string]> = [
    ['version ff', `ff-${TRACE}-${SPAN}-01`],
    ['extra fields on version 00', `${VALID}-extra`],
    ['upper-case hex', `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ['a short trace id', `00-${TRACE.slice(1)}-${SPAN}-01`],
    ['a long span id', `00-${TRACE}-${SPAN}0-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['an all-zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['non-hex flags', `00-${TRACE}-${SPAN}-0g`],
    ['one-digit flags', `00-${TRACE}-${SPAN}-1`],
    ['a non-hex version', `0x-${TRACE}-${SPAN}-01`],
    ['wrong separators', `00_${TRACE}_${SPAN}_01`],
    ['surrounding spaces', ` ${VALID} `],
    ['an empty string', ''],
  ]
  for (const [what, header] of invalid) {
    it(`rejects ${what}`, () => {
      expect(parseTraceparent(header)).toBeUndefined()
    })
  }
})

describe('parseTracestate', () => {
  it('normalises members and keeps order', () => {
    expect(parseTracestate(' rojo=00f067aa0ba902b7 , congo=t61rcWkgMzE,')).toBe(
      'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
    )
    expect(parseTracestate('tenant@vendor=x')).toBe('tenant@vendor=x')
  })

  it('keeps the valid members of a partly malformed state', () => {
    expect(parseTracestate('UPPER=1')).toBeUndefined()
    expect(parseTracestate('a=1,a=2')).toBe('a=1')
    expect(parseTracestate('novalue')).toBeUndefined()
    expect(parseTracestate('a=b,c')).toBe('a=b')
    expect(parseTracestate(Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(','))).toBe(
      Array.from({ length: 32 }, (_, i) => `k${i}=v`).join(','),
    )
    expect(parseTracestate('')).toBeUndefined()
  })

  it('truncates over-long state by whole members', () => {
    const long = Array.from({ length: 30 }, (_, i) => `key${i}=${'v'.repeat(20)}`).join(',')
    const kept = parseTracestate(long) as string
    expect(kept.length).toBeLessThanOrEqual(512)
    expect(long.startsWith(kept)).toBe(true)
  })
})

describe('carriers', () => {
  it('reads plain objects in any header case, Headers and Maps', () => {
    for (const carrier of [
      { traceparent: VALID },
      { TraceParent: VALID },
      { TRACEPARENT: VALID },
      new Headers({ traceparent: VALID }),
      new Map([['traceparent', VALID]]),
    ]) {
      expect(extractContext(carrier).context?.traceId).toBe(TRACE)
    }
  })

  it('reads tracestate and joins repeated tracestate headers', () => {
    expect(extractContext({ traceparent: VALID, tracestate: ['a=1', 'b=2'] }).context?.traceState).toBe(
      'a=1,b=2',
    )
  })

  it('keeps the context but reports a malformed tracestate', () => {
    const result = extractContext({ traceparent: VALID, tracestate: 'UPPER=1' })
    expect(result.context?.traceId).toBe(TRACE)
    expect(result.context?.traceState).toBeUndefined()
    expect(result.invalid).toContain('tracestate')
  })

  it('keeps the valid tracestate members and reports the dropped ones', () => {
    const result = extractContext({ traceparent: VALID, tracestate: 'foo=1,BAD=2,foo=3,bar=4' })
    expect(result.context?.traceState).toBe('foo=1,bar=4')
    expect(result.invalid).toContain('2 dropped')
  })

  it('rejects repeated traceparent headers', () => {
    expect(extractContext({ traceparent: [VALID, VALID] }).invalid).toBeDefined()
  })

  it('reports nothing for a carrier without traceparent', () => {
    expect(extractContext({ other: 'x' })).toEqual({})
  })
})

describe('inject and extract on an instance', () => {
  it('writes the active span and reads it back', () => {
    const t = createTelemetry({ env: {} })
    const span = t.startSpan('op')
    const headers = new Headers()
    t.withContext(span, () => t.inject(headers))
    expect(headers.get('traceparent')).toBe(formatTraceparent(span.spanContext()))
    const extracted = t.extract(headers)
    expect(extracted).toMatchObject({ ...span.spanContext(), isRemote: true })
  })

  it('writes nothing without an active span', () => {
    const t = createTelemetry({ env: {} })
    expect(t.inject({})).toEqual({})
  })

  it('counts malformed headers as invalid_context and never throws', () => {
    const t = createTelemetry({ env: {} })
    const events: string[] = []
    t.attach('w', 'telemetry.input.invalid', (e, _m, md) => events.push(`${e}:${String(md.code)}`))
    expect(t.extract({ traceparent: `00-${TRACE.toUpperCase()}-${SPAN}-01` })).toBeUndefined()
    expect(t.extract(null as never)).toBeUndefined()
    expect(
      t.extract({
        get: () => {
          throw new Error('bad carrier')
        },
        set: () => {},
      }),
    ).toBeUndefined()
    expect(t.stats()[TelemetryErrorCode.INVALID_CONTEXT]).toBe(3)
    expect(events).toEqual(Array(3).fill('telemetry.input.invalid:invalid_context'))
  })

  it('round-trips any valid context (property)', () => {
    const t = createTelemetry({ env: {} })
    const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`))
    const context = fc.record({
      traceId: hex(32).filter((s) => /[1-9a-f]/.test(s)),
      spanId: hex(16).filter((s) => /[1-9a-f]/.test(s)),
      traceFlags: fc.integer({ min: 0, max: 255 }),
      traceState: fc.option(
        fc
          .array(
            fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), fc.stringMatching(/^[a-zA-Z0-9]{1,8}$/)),
            {
              minLength: 1,
              maxLength: 5,
            },
          )
          .map((pairs) => [...new Map(pairs)].map(([k, v]) => `${k}=${v}`).join(',')),
        { nil: undefined },
      ),
    })
    fc.assert(
      fc.property(context, fc.constantFrom('object', 'headers', 'map'), (ctx, kind) => {
        const input: SpanContext = { traceId: ctx.traceId, spanId: ctx.spanId, traceFlags: ctx.traceFlags }
        if (ctx.traceState !== undefined) input.traceState = ctx.traceState
        const carrier =
          kind === 'object' ? {} : kind === 'headers' ? new Headers() : new Map<string, string>()
        t.inject(carrier, input)
        expect(t.extract(carrier)).toEqual({ ...input, isRemote: true })
      }),
    )
  })

  it('never throws on random garbage (property)', () => {
    const t = createTelemetry({ env: {} })
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (traceparent, tracestate) => {
        const result = t.extract({ traceparent, tracestate } as never)
        if (result !== undefined) expect(result.traceId).toMatch(/^[0-9a-f]{32}$/)
      }),
    )
    fc.assert(
      fc.property(fc.string(), (header) => {
        expect(() => parseTraceparent(header)).not.toThrow()
        expect(() => parseTracestate(header)).not.toThrow()
      }),
    )
  })
})
